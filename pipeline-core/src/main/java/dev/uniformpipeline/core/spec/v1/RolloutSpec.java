package dev.uniformpipeline.core.spec.v1;

import java.time.Duration;
import java.util.List;

/**
 * How a new version replaces the old one, the same on every target.
 *
 * @param strategy            {@code rolling}, {@code blue-green} or {@code canary}
 * @param maxSurge            extra tasks/pods allowed during a rolling update: count or percentage
 *                            (ECS maximumPercent = 100 + surge)
 * @param maxUnavailable      tasks/pods that may be missing during a rolling update: count or percentage
 *                            (ECS minimumHealthyPercent = 100 - unavailable)
 * @param steps               canary steps (required for canary, not allowed otherwise): traffic weight and
 *                            how long to hold it
 * @param timeout             the whole rollout's deadline, health gate included
 * @param rollback            {@code auto} rolls back when the gate fails; {@code manual} stops and reports
 * @param circuitBreaker      enable the ECS deployment circuit breaker (ECS targets)
 * @param bakeTime            blue-green: how long the new version takes all traffic before the old is removed
 * @param deregistrationDelay target-group deregistration delay to set (ALB default 300s silently eats
 *                            rollout time); null leaves the target group as it is
 */
public record RolloutSpec(
        @Default("rolling") RolloutStrategy strategy,
        @Default("100%") CountOrPercent maxSurge,
        @Default("0%") CountOrPercent maxUnavailable,
        List<CanaryStep> steps,
        @Default("10m") Duration timeout,
        @Default("auto") RollbackMode rollback,
        @Default("true") Boolean circuitBreaker,
        @Nullable Duration bakeTime,
        @Nullable Duration deregistrationDelay) {
    public RolloutSpec {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
