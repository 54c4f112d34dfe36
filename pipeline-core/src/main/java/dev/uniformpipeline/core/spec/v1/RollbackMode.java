package dev.uniformpipeline.core.spec.v1;

/** What happens when the health gate fails: roll back automatically, or stop and leave it to a human. */
public enum RollbackMode implements YamlEnum {
    AUTO("auto"),
    MANUAL("manual");

    private final String yaml;

    RollbackMode(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
