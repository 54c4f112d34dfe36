package dev.uniformpipeline.localcloud.faults;

import java.time.Duration;
import java.time.Instant;

/** AWS's throttling model: {@code burst} tokens, refilled at {@code perSecond} tokens per cloud second. */
final class TokenBucket {
    private final int burst;
    private final double perSecond;
    private double tokens;
    private Instant last;

    TokenBucket(int burst, double perSecond, Instant now) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
        this.last = now;
    }

    synchronized boolean tryTake(Instant now) {
        if (now.isAfter(last)) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + seconds * perSecond);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
