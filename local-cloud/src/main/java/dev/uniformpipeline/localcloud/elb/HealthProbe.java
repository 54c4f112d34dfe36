package dev.uniformpipeline.localcloud.elb;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Performs one real health check against a target: an HTTP GET (asynchronous, on one shared client) or a
 * TCP connect (on a small pool), bounded by a wall-clock timeout.
 */
final class HealthProbe implements AutoCloseable {
    /** {@code status} is the HTTP code (0 for TCP checks) when {@code outcome} is RESPONDED. */
    record Result(Outcome outcome, int status) {
    }

    enum Outcome { RESPONDED, TIMED_OUT, FAILED }

    private HttpClient http;
    private final ExecutorService tcpPool;
    /**
     * Runs the HTTP client's callbacks. The JDK default is an unbounded cached pool, which grew to one thread per
     * in-flight check (150+ with 150 targets) because the callbacks wait for the ELB's lock to record the result.
     */
    private final ExecutorService httpCallbacks = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "elb-http-check");
        t.setDaemon(true);
        return t;
    });

    HealthProbe(ExecutorService tcpPool) {
        this.tcpPool = tcpPool;
    }

    /** Created on the first HTTP check: building a JDK client initialises TLS, which costs a second or more. */
    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(httpCallbacks)
                    .build();
        }
        return http;
    }

    CompletableFuture<Result> http(String scheme, String host, int port, String path, Duration wallTimeout) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(scheme + "://" + hostForUri(host) + ":" + port + path))
                    .timeout(wallTimeout)
                    .header("User-Agent", "ELB-HealthChecker/2.0")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Result(Outcome.FAILED, 0));
        }
        return client().sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error == null) {
                        return new Result(Outcome.RESPONDED, response.statusCode());
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof HttpTimeoutException) {
                        return new Result(Outcome.TIMED_OUT, 0);
                    }
                    return new Result(Outcome.FAILED, 0);
                });
    }

    CompletableFuture<Result> tcp(String host, int port, Duration wallTimeout) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), (int) Math.max(1, wallTimeout.toMillis()));
                return new Result(Outcome.RESPONDED, 0);
            } catch (SocketTimeoutException e) {
                return new Result(Outcome.TIMED_OUT, 0);
            } catch (ConnectException e) {
                return new Result(Outcome.FAILED, 0);
            } catch (IOException e) {
                return new Result(Outcome.FAILED, 0);
            }
        }, tcpPool);
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public void close() {
        tcpPool.shutdownNow();
        httpCallbacks.shutdownNow();
    }
}
