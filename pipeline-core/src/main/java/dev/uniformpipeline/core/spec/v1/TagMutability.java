package dev.uniformpipeline.core.spec.v1;

/** ECR repository tag mutability; {@code IMMUTABLE} refuses to overwrite an existing tag. */
public enum TagMutability implements YamlEnum {
    MUTABLE("MUTABLE"),
    IMMUTABLE("IMMUTABLE");

    private final String yaml;

    TagMutability(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
