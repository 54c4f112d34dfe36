package dev.uniformpipeline.localcloud.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * local-cloud's time. Real, but scalable: with factor 20 a two-minute rollout takes six seconds of wall
 * time. Every delay a service models (task start, health check interval, deregistration delay, token
 * expiry) goes through this clock, never through {@code Thread.sleep} or {@code Instant.now()} directly.
 */
public interface CloudClock {
    /** The cloud's current time. */
    Instant now();

    /** How many cloud seconds pass per wall-clock second. */
    double factor();

    /** Sleeps for {@code cloudTime} of cloud time ({@code cloudTime / factor} of wall time). */
    void sleep(Duration cloudTime) throws InterruptedException;

    /** The wall-clock duration that {@code cloudTime} takes at this factor. */
    default Duration toWall(Duration cloudTime) {
        return Duration.ofNanos((long) (cloudTime.toNanos() / factor()));
    }
}
