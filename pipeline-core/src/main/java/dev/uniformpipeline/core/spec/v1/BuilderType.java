package dev.uniformpipeline.core.spec.v1;

/** How the image is built: detected ({@code auto}), one of the language builders, or explicit {@code layers}. */
public enum BuilderType implements YamlEnum {
    AUTO("auto"),
    MAVEN("maven"),
    GRADLE("gradle"),
    JAR("jar"),
    NODE("node"),
    PYTHON("python"),
    GO("go"),
    STATIC("static"),
    LAYERS("layers");

    private final String yaml;

    BuilderType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
