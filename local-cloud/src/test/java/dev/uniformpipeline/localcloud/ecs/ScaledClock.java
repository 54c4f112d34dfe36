package dev.uniformpipeline.localcloud.ecs;

import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.time.Duration;
import java.time.Instant;

/** A cloud clock that runs {@code factor} times faster than the wall clock. */
final class ScaledClock implements CloudClock {
    private final Instant origin = Instant.parse("2026-01-01T00:00:00Z");
    private final long t0 = System.nanoTime();
    private final double factor;

    ScaledClock(double factor) {
        this.factor = factor;
    }

    @Override
    public Instant now() {
        return origin.plusNanos((long) ((System.nanoTime() - t0) * factor));
    }

    @Override
    public double factor() {
        return factor;
    }

    @Override
    public void sleep(Duration cloudTime) throws InterruptedException {
        Thread.sleep(Math.max(1, toWall(cloudTime).toMillis()));
    }
}
