package dev.uniformpipeline.core.spec.v1;

import java.util.Map;

/**
 * The FireLens log router container added to the task (essential, started before the application).
 *
 * @param image   router image; default {@code public.ecr.aws/aws-observability/aws-for-fluent-bit:stable}
 * @param type    {@code fluentbit} or {@code fluentd}
 * @param options router options: {@code enable-ecs-log-metadata}, {@code config-file-type} ({@code file} only
 *                on Fargate), {@code config-file-value}
 */
public record FirelensSpec(
        @Default("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable") String image,
        @Default("fluentbit") FirelensType type,
        Map<String, String> options) {
    public FirelensSpec {
        options = options == null ? Map.of() : Util.copy(options);
    }
}
