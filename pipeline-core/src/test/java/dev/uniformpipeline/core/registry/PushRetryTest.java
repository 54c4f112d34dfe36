package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PushRetryTest {
    final List<PushRetry.Retry> retries = new ArrayList<>();
    final List<Duration> slept = new ArrayList<>();
    final PushRetry retry = new PushRetry(new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5),
            retries::add, slept::add, () -> 0.5);

    /** Headers shaped like google-http-client's (what jib's ResponseException returns). */
    public static final class Headers {
        private final String retryAfter;

        Headers(String retryAfter) {
            this.retryAfter = retryAfter;
        }

        public String getFirstHeaderStringValue(String name) {
            return name.equalsIgnoreCase("Retry-After") ? retryAfter : null;
        }
    }

    /** Shaped like jib's ResponseException: an IOException with a status code and headers. */
    public static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient Headers headers;

        StatusException(int status, String retryAfter) {
            super("status " + status);
            this.status = status;
            this.headers = new Headers(retryAfter);
        }

        public int getStatusCode() {
            return status;
        }

        public Headers getHeaders() {
            return headers;
        }
    }

    static IOException http(int status, String retryAfter) {
        return new StatusException(status, retryAfter);
    }

    /** Fails {@code failures} times with {@code error}, then returns "ok". */
    static PushRetry.Attempt<String, Exception> failing(int failures, Exception error, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw error;
            }
            return "ok";
        };
    }

    @Test
    void serverErrorIsRetriedWithExponentialJitteredBackoffAndOneEventPerRetry() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Exception wrapped = new ExecutionException(new IOException("push failed", http(500, null)));
        assertEquals("ok", retry.run("push x", failing(2, wrapped, calls)));
        assertEquals(3, calls.get());
        assertEquals(List.of(Duration.ofMillis(750), Duration.ofMillis(1500)), slept);
        assertEquals(2, retries.size());
        assertEquals("HTTP 500", retries.get(0).reason());
        assertTrue(retries.get(1).describe().contains("attempt 2 of 4 failed (HTTP 500); retrying in 1500 ms"),
                retries.get(1).describe());
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterCappedAtMaxBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertEquals("ok", retry.run("push x", failing(1, http(429, "3"), calls)));
        assertEquals(List.of(Duration.ofSeconds(3)), slept);
        calls.set(0);
        slept.clear();
        assertEquals("ok", retry.run("push x", failing(1, http(503, "120"), calls)));
        assertEquals(List.of(Duration.ofSeconds(5)), slept);
    }

    @Test
    void connectionResetIsTransientButRefusedConnectionIsNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertEquals("ok", retry.run("push x", failing(1, new SocketException("Connection reset"), calls)));
        assertEquals("connection reset by the registry", retries.get(0).reason());
        AtomicInteger refused = new AtomicInteger();
        ConnectException e = new ConnectException("Connection refused");
        assertSame(e, assertThrows(ConnectException.class, () -> retry.run("push x", failing(5, e, refused))));
        assertEquals(1, refused.get());
    }

    @Test
    void clientErrorsFailAtOnceWithTheOriginalException() {
        for (int status : new int[] {400, 401, 403, 404}) {
            AtomicInteger calls = new AtomicInteger();
            Exception e = new ExecutionException(http(status, null));
            assertSame(e, assertThrows(ExecutionException.class, () -> retry.run("push x", failing(5, e, calls))));
            assertEquals(1, calls.get(), "HTTP " + status + " must not be retried");
        }
        assertTrue(retries.isEmpty());
        assertTrue(slept.isEmpty());
    }

    @Test
    void givesUpAfterMaxAttemptsAndThrowsTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        Exception e = http(502, null);
        assertSame(e, assertThrows(IOException.class, () -> retry.run("push x", failing(10, e, calls))));
        assertEquals(4, calls.get());
        assertEquals(3, retries.size());
        assertEquals(List.of(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000)), slept);
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(7), PushRetry.parseRetryAfter("7", now).orElseThrow());
        assertEquals(Duration.ofSeconds(30), PushRetry.parseRetryAfter("Fri, 27 Nov 2026 12:00:30 GMT", now)
                .orElseThrow());
        assertTrue(PushRetry.parseRetryAfter("soon", now).isEmpty());
    }

    @Test
    void policyRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 1.5));
    }
}
