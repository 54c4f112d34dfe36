package dev.uniformpipeline.localcloud.ecr;

import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.time.Duration;
import java.time.Instant;

/** A cloud clock for tests: real time scaled by {@code factor}, plus jumps made with {@link #advance}. */
final class TestClock implements CloudClock {
    private final Instant start = Instant.parse("2026-03-01T00:00:00Z");
    private final long wallStart = System.nanoTime();
    private final double factor;
    private volatile Duration offset = Duration.ZERO;

    TestClock(double factor) {
        this.factor = factor;
    }

    @Override
    public Instant now() {
        long scaled = (long) ((System.nanoTime() - wallStart) * factor);
        return start.plus(offset).plusNanos(scaled);
    }

    @Override
    public double factor() {
        return factor;
    }

    @Override
    public void sleep(Duration cloudTime) throws InterruptedException {
        Thread.sleep(Math.max(1, toWall(cloudTime).toMillis()));
    }

    synchronized void advance(Duration d) {
        offset = offset.plus(d);
    }
}
