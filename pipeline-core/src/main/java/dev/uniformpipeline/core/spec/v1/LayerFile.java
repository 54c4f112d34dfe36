package dev.uniformpipeline.core.spec.v1;

/**
 * A file or directory copied into a layer.
 *
 * @param from  path relative to the build context (a directory is copied recursively)
 * @param to    absolute path in the image
 * @param mode  octal permissions, e.g. {@code "755"}; null keeps the default (644 files, 755 directories)
 */
public record LayerFile(
        @Required String from,
        @Required String to,
        @Nullable String mode) {
}
