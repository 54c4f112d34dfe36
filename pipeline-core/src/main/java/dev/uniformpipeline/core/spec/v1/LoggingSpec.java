package dev.uniformpipeline.core.spec.v1;

import java.util.Map;

/**
 * Where container logs go. On ECS this becomes the container's {@code logConfiguration}; on EKS it selects
 * the sink settings of the cluster's log agent where supported.
 *
 * @param driver        {@code awslogs} (default), {@code firelens}, {@code splunk}; on ecs-ec2 also
 *                      {@code fluentd}, {@code gelf}, {@code json-file}, {@code journald}, {@code syslog}
 * @param group         CloudWatch Logs group (awslogs): 1-512 chars of {@code [.-_/#A-Za-z0-9]}; default
 *                      {@code /uniform/<name>}
 * @param region        log group region; default the target's region
 * @param retentionDays CloudWatch retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
 *                      1096, 1827, 2192, 2557, 2922, 3288, 3653; null means never expire
 * @param streamPrefix  awslogs stream prefix (required by Fargate); default the pipeline name
 * @param createGroup   create the group if missing (the execution role needs logs:CreateLogGroup)
 * @param options       extra driver options (strings); never secrets
 * @param secretOptions driver options filled from secrets, e.g. {@code splunk-token}
 * @param firelens      the log router, with {@code driver: firelens}
 * @param splunk        Splunk HEC settings, with {@code driver: splunk}
 */
public record LoggingSpec(
        @Default("awslogs") LogDriver driver,
        @Nullable String group,
        @Nullable String region,
        @Nullable Integer retentionDays,
        @Nullable String streamPrefix,
        @Default("true") Boolean createGroup,
        Map<String, String> options,
        Map<String, SecretRef> secretOptions,
        @Nullable FirelensSpec firelens,
        @Nullable SplunkSpec splunk) {
    public LoggingSpec {
        options = options == null ? Map.of() : Util.copy(options);
        secretOptions = secretOptions == null ? Map.of() : Util.copy(secretOptions);
    }
}
