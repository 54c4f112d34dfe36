package dev.uniformpipeline.core.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Output of {@link CheckoutStage}: the source tree on disk and the exact commit. */
public record CheckoutResult(Path directory, String revision, Optional<String> ref) {
    public CheckoutResult {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(ref, "ref");
    }
}
