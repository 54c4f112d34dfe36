package dev.uniformpipeline.core.spec.v1;

import java.time.Duration;

/**
 * One canary step: send {@code weight} percent of traffic to the new version and hold for {@code pause}
 * while the health gate watches. Weights increase step by step; 100 is implied at the end.
 *
 * @param weight percent of traffic to the new version, 1-99
 * @param pause  how long to hold before the next step
 */
public record CanaryStep(
        @Required Integer weight,
        @Default("1m") Duration pause) {
}
