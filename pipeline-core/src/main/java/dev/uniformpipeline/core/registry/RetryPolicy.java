package dev.uniformpipeline.core.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a push operation is retried after a transient failure (HTTP 5xx, 429, a connection
 * reset). The delay before retry {@code n} (1-based) is {@code min(maxBackoff, initialBackoff * 2^(n-1))}, then
 * multiplied by a random factor in {@code [1 - jitter, 1]} so that parallel pushes do not retry in lock step; a
 * {@code Retry-After} header (429/503) replaces the computed delay, capped at {@code maxBackoff}.
 *
 * @param maxAttempts    total attempts, at least 1 (1 = no retry)
 * @param initialBackoff delay before the first retry
 * @param maxBackoff     upper bound of any single delay
 * @param jitter         fraction in [0, 1] taken off the delay at random
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    /** 4 attempts, 1 s, 2 s, 4 s (each up to half shorter at random), at most 16 s per wait. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(16), 0.5);
    /** A single attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be 1..20, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
        }
    }

    /**
     * The delay before retry number {@code retry} (1 = the first retry).
     *
     * @param random     a value in [0, 1) that picks the jitter
     * @param retryAfter the server's Retry-After, or null
     */
    public Duration delay(int retry, double random, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        long base = initialBackoff.toMillis();
        for (int i = 1; i < retry && base < maxBackoff.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(Math.round(base * (1 - jitter * random)));
    }
}
