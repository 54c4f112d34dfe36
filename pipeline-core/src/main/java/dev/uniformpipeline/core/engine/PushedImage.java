package dev.uniformpipeline.core.engine;

import java.util.List;
import java.util.Objects;

/** Output of {@link PushStage}: where the image is and its immutable digest. Targets deploy the digest. */
public record PushedImage(String repository, String digest, List<String> tags,
                          java.util.Map<String, String> platforms) {
    public PushedImage {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        tags = List.copyOf(tags);
        platforms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                platforms == null ? java.util.Map.of() : platforms));
    }

    /** {@code repository@digest}: the reference every target deploys. */
    public String reference() {
        return repository + "@" + digest;
    }
}
