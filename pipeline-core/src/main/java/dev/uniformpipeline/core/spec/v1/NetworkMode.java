package dev.uniformpipeline.core.spec.v1;

/** ECS task network mode. Fargate requires awsvpc. */
public enum NetworkMode implements YamlEnum {
    AWSVPC("awsvpc"),
    BRIDGE("bridge"),
    HOST("host");

    private final String yaml;

    NetworkMode(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
