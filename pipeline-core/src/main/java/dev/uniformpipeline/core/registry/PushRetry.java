package dev.uniformpipeline.core.registry;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLHandshakeException;

/**
 * Runs a push operation again after a transient failure, as {@link RetryPolicy} says. Transient: HTTP 5xx, HTTP 429
 * (honouring Retry-After), a connection reset or closed mid-request, a read timeout. Never retried: 401, 403, 404
 * and other 4xx (credentials, permissions, missing repositories, an immutable tag: trying again cannot help),
 * connection refused and TLS failures (configuration). Each retry is reported to the listener before the wait.
 * Retrying a whole jib push is safe: jib checks which blobs the registry has and uploads only the missing ones.
 */
public final class PushRetry {
    /** One retry about to happen. */
    public record Retry(String operation, int failedAttempt, int maxAttempts, String reason, Duration delay) {
        public Retry {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(delay, "delay");
        }

        /** One line for a log: what failed, why, and when the next attempt starts. */
        public String describe() {
            return operation + ": attempt " + failedAttempt + " of " + maxAttempts + " failed (" + reason
                    + "); retrying in " + delay.toMillis() + " ms";
        }
    }

    /** Why a failure is worth another attempt. */
    record Transient(String reason, Duration retryAfter) { }

    /** An operation that may fail. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    /** Waits (a seam so tests do not sleep). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Consumer<Retry> listener;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public PushRetry(RetryPolicy policy, Consumer<Retry> listener) {
        this(policy, listener, d -> Thread.sleep(d.toMillis()), () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    PushRetry(RetryPolicy policy, Consumer<Retry> listener, Sleeper sleeper, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with a non-transient error, or the attempts are used up; then
     * the last failure is thrown as it was.
     */
    public <T, E extends Exception> T run(String operation, Attempt<T, E> attempt) throws E {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                Optional<Transient> t = classify(e);
                if (t.isEmpty() || n >= policy.maxAttempts()) {
                    throw PushRetry.<E>rethrow(e);
                }
                Duration delay = policy.delay(n, random.getAsDouble(), t.get().retryAfter());
                listener.accept(new Retry(operation, n, policy.maxAttempts(), t.get().reason(), delay));
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw PushRetry.<E>rethrow(e);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) {
        return (E) e;
    }

    /** Whether {@code failure} (or a cause) is transient, and why. */
    static Optional<Transient> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.google.cloud.tools.jib.api.RegistryUnauthorizedException) {
                return Optional.empty();
            }
            Optional<Integer> status = statusOf(t);
            if (status.isPresent()) {
                int s = status.get();
                if (s == 429 || s >= 500) {
                    return Optional.of(new Transient("HTTP " + s, retryAfter(t).orElse(null)));
                }
                return Optional.empty(); // 4xx: the request itself is wrong or not allowed
            }
            if (t instanceof ConnectException || t instanceof SSLHandshakeException) {
                return Optional.empty();
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof SocketTimeoutException) {
                return Optional.of(new Transient("read timed out", null));
            }
            if (t instanceof SocketException && (message.contains("reset") || message.contains("broken pipe")
                    || message.contains("closed"))) {
                return Optional.of(new Transient("connection " + (message.contains("reset") ? "reset"
                        : "closed") + " by the registry", null));
            }
            if (t instanceof EOFException || t.getClass().getName().endsWith("NoHttpResponseException")) {
                return Optional.of(new Transient("the registry closed the connection without answering", null));
            }
        }
        return Optional.empty();
    }

    /**
     * The HTTP status an I/O failure carries: jib's {@code ResponseException} and google-http-client's
     * {@code HttpResponseException} both expose {@code int getStatusCode()}. Read reflectively because
     * google-http-client is only on jib's runtime class path.
     */
    static Optional<Integer> statusOf(Throwable t) {
        if (!(t instanceof java.io.IOException)) {
            return Optional.empty();
        }
        try {
            java.lang.reflect.Method m = t.getClass().getMethod("getStatusCode");
            if (m.getReturnType() == int.class) {
                return Optional.of((Integer) m.invoke(t));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not an HTTP response failure
        }
        return Optional.empty();
    }

    /** The Retry-After header of such a failure ({@code getHeaders().getFirstHeaderStringValue(name)}). */
    private static Optional<Duration> retryAfter(Throwable t) {
        try {
            Object headers = t.getClass().getMethod("getHeaders").invoke(t);
            if (headers == null) {
                return Optional.empty();
            }
            Object value = headers.getClass().getMethod("getFirstHeaderStringValue", String.class)
                    .invoke(headers, "Retry-After");
            return parseRetryAfter(value == null ? null : value.toString(), ZonedDateTime.now());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Optional<Duration> parseRetryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
