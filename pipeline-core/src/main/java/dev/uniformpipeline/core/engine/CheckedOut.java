package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.spec.ResolvedPipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * Output of {@link CheckoutStage}: the source, and the pipeline with every variable resolved against it
 * ({@code ${git.sha}} in tags, {@code ${target.name}} in log groups). Later stages read the resolved pipeline.
 *
 * @param pipeline empty only when the definition carries no loaded spec (engine tests)
 */
public record CheckedOut(CheckoutResult source, Optional<ResolvedPipeline> pipeline) {
    public CheckedOut {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pipeline, "pipeline");
    }
}
