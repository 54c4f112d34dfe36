package dev.uniformpipeline.localcloud.elb;

import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.time.Duration;
import java.time.Instant;

/** A real clock running {@code factor} times faster than the wall clock (test copy of local-cloud's clock). */
final class ScaledClock implements CloudClock {
    private final double factor;
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();

    ScaledClock(double factor) {
        this.factor = factor;
    }

    @Override
    public Instant now() {
        return start.plusNanos((long) ((System.nanoTime() - startNanos) * factor));
    }

    @Override
    public double factor() {
        return factor;
    }

    @Override
    public void sleep(Duration cloudTime) throws InterruptedException {
        Duration wall = toWall(cloudTime);
        Thread.sleep(wall.toMillis(), (int) (wall.toNanos() % 1_000_000));
    }
}
