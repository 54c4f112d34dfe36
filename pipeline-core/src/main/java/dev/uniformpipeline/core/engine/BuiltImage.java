package dev.uniformpipeline.core.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Output of {@link BuildStage}: the image as built, not yet pushed.
 *
 * @param repository the repository it will be pushed to
 * @param tags       the tags, variables resolved
 * @param digest     the manifest digest when the builder knows it before pushing
 * @param labels     OCI labels set on the image (source revision, ...)
 */
public record BuiltImage(String repository, List<String> tags, Optional<String> digest, Map<String, String> labels,
                         Map<String, String> platforms) {
    public BuiltImage {
        Objects.requireNonNull(repository, "repository");
        tags = List.copyOf(tags);
        Objects.requireNonNull(digest, "digest");
        labels = Map.copyOf(labels);
        platforms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                platforms == null ? Map.of() : platforms));
    }
}
