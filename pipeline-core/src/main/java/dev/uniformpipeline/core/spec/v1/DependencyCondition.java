package dev.uniformpipeline.core.spec.v1;

/** When a container may start relative to the one it depends on (ECS dependsOn condition). */
public enum DependencyCondition implements YamlEnum {
    START("START"),
    COMPLETE("COMPLETE"),
    SUCCESS("SUCCESS"),
    HEALTHY("HEALTHY");

    private final String yaml;

    DependencyCondition(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
