package dev.uniformpipeline.core.deploy;

import java.time.Duration;
import java.util.Objects;

/**
 * The resolved {@code rollout} section.
 *
 * @param strategy       only {@code rolling} renders today
 * @param maxSurge       extra tasks/pods allowed above the desired count during a rollout
 * @param maxUnavailable tasks/pods that may be missing below the desired count during a rollout
 * @param timeout        how long a rollout may take (Kubernetes progressDeadlineSeconds; the deployer's
 *                       own deadline on ECS)
 * @param rollback       what happens when the rollout fails
 */
public record RolloutIntent(String strategy, Amount maxSurge, Amount maxUnavailable, Duration timeout,
                            Rollback rollback) {
    /** What happens when a rollout fails. */
    public enum Rollback {
        /** Go back to the last good version (ECS circuit breaker rollback; deployer undo on EKS). */
        AUTO,
        /** Stop and leave the failed version in place for inspection. */
        NONE
    }

    public RolloutIntent {
        strategy = strategy == null ? "rolling" : strategy;
        maxSurge = maxSurge == null ? Amount.percent(25) : maxSurge;
        maxUnavailable = maxUnavailable == null ? Amount.percent(0) : maxUnavailable;
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        rollback = rollback == null ? Rollback.AUTO : rollback;
        Objects.requireNonNull(strategy);
    }

    /** Rolling, 25% surge, 0% unavailable, 10 minutes, automatic rollback. */
    public static RolloutIntent defaults() {
        return new RolloutIntent(null, null, null, null, null);
    }

    public static RolloutIntent rolling(String maxSurge, String maxUnavailable, Duration timeout, Rollback rollback) {
        return new RolloutIntent("rolling", Amount.parse(maxSurge), Amount.parse(maxUnavailable), timeout, rollback);
    }
}
