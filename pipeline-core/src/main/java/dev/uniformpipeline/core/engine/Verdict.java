package dev.uniformpipeline.core.engine;

import java.util.Objects;

/**
 * Output of {@link VerifyStage} for one target: the rollout is healthy. A rollout that is not healthy is never a
 * verdict: the work throws {@link dev.uniformpipeline.core.api.VerifyException} (saying whether it rolled back).
 */
public record Verdict(String target, String summary) {
    public Verdict {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(summary, "summary");
    }
}
