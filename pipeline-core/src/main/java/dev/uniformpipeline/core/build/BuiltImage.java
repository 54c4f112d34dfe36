package dev.uniformpipeline.core.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A built image.
 *
 * @param reference    the image name it was written or pushed as
 * @param digest       manifest digest ({@code sha256:...}); identical for identical inputs
 * @param imageId      config digest
 * @param builder      the strategy that laid it out
 * @param baseImage    the base, pinned ({@code local:jre17@sha256:...}, {@code host/repo@sha256:...}, scratch)
 * @param layers       application layer names, bottom first
 * @param labels       the labels set on the image
 * @param skippedLinks source-tree symlinks that were not copied (pointing outside the tree)
 * @param tar          the OCI tar written, or null when the image was pushed
 */
public record BuiltImage(String reference, String digest, String imageId, String builder, String baseImage,
                         List<String> layers, Map<String, String> labels, List<String> skippedLinks, Path tar) {
    public BuiltImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        layers = List.copyOf(layers);
        labels = Map.copyOf(labels);
        skippedLinks = List.copyOf(skippedLinks);
    }
}
