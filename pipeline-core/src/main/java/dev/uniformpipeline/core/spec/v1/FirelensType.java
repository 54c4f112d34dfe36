package dev.uniformpipeline.core.spec.v1;

/** FireLens log router flavour. */
public enum FirelensType implements YamlEnum {
    FLUENTBIT("fluentbit"),
    FLUENTD("fluentd");

    private final String yaml;

    FirelensType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
