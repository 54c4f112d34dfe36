package dev.uniformpipeline.core.spec.v1;

/** Container log driver. Fargate accepts awslogs, splunk and firelens (awsfirelens); EC2 accepts all; EKS ignores it (node-level logging) except for the sink settings. */
public enum LogDriver implements YamlEnum {
    AWSLOGS("awslogs"),
    FIRELENS("firelens"),
    SPLUNK("splunk"),
    FLUENTD("fluentd"),
    GELF("gelf"),
    JSON_FILE("json-file"),
    JOURNALD("journald"),
    SYSLOG("syslog");

    private final String yaml;

    LogDriver(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
