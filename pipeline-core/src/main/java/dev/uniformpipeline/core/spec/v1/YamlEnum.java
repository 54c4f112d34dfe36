package dev.uniformpipeline.core.spec.v1;

/** An enum whose constants are written in the file under {@link #yaml()}, the only spelling accepted. */
public interface YamlEnum {
    /** The spelling in the pipeline file, e.g. {@code blue-green}. */
    String yaml();
}
