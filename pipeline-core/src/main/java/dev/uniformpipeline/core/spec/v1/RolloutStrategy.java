package dev.uniformpipeline.core.spec.v1;

/** How new tasks or pods replace old ones. */
public enum RolloutStrategy implements YamlEnum {
    ROLLING("rolling"),
    BLUE_GREEN("blue-green"),
    CANARY("canary");

    private final String yaml;

    RolloutStrategy(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
