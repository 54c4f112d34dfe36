package dev.uniformpipeline.localcloud;

import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The cloud clock: starts at the wall time it was created and runs {@code factor} times faster than the wall
 * clock. Tests may also {@link #advance(Duration) jump} it forward; sleepers wake up when their deadline passes,
 * whichever of the two moved time.
 */
public final class ScaledClock implements CloudClock {
    private final double factor;
    private final Instant origin;
    private final long originNanos;
    private final Object lock = new Object();
    private long offsetNanos;

    public ScaledClock(double factor) {
        this(factor, Instant.now());
    }

    public ScaledClock(double factor, Instant origin) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("clockFactor must be a positive number, got " + factor);
        }
        this.factor = factor;
        this.origin = origin;
        this.originNanos = System.nanoTime();
    }

    @Override
    public Instant now() {
        long elapsedWall = System.nanoTime() - originNanos;
        long cloudNanos = (long) (elapsedWall * factor);
        synchronized (lock) {
            return origin.plusNanos(cloudNanos + offsetNanos);
        }
    }

    @Override
    public double factor() {
        return factor;
    }

    @Override
    public void sleep(Duration cloudTime) throws InterruptedException {
        if (cloudTime.isNegative() || cloudTime.isZero()) {
            return;
        }
        Instant deadline = now().plus(cloudTime);
        synchronized (lock) {
            while (true) {
                Duration left = Duration.between(now(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return;
                }
                long wallMillis = Math.max(1, (long) Math.ceil(left.toNanos() / factor / 1_000_000.0));
                lock.wait(Math.min(wallMillis, 60_000));
            }
        }
    }

    /** Moves cloud time forward by {@code d} at once (tests use this to reach a schedule or an expiry). */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("the cloud clock only moves forward");
        }
        synchronized (lock) {
            offsetNanos += d.toNanos();
            lock.notifyAll();
        }
    }
}
