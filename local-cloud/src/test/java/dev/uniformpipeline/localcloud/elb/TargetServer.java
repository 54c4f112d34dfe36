package dev.uniformpipeline.localcloud.elb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A little application behind the load balancer: {@code /health} answers {@link #healthStatus} after
 * {@link #healthDelayMillis}; every other path answers 200 with the server's name and counts the request.
 */
final class TargetServer implements AutoCloseable {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final String name;
    final AtomicInteger healthStatus = new AtomicInteger(200);
    final AtomicInteger healthChecks = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    volatile long healthDelayMillis;
    volatile String lastHost;
    volatile String lastForwardedFor;
    volatile String lastMethod;
    volatile byte[] lastBody = new byte[0];
    private final HttpServer server;

    TargetServer(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "target-" + name);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] requestBody = ex.getRequestBody().readAllBytes();
            int status = 200;
            String body;
            if (ex.getRequestURI().getPath().equals("/health")) {
                healthChecks.incrementAndGet();
                long delay = healthDelayMillis;
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                status = healthStatus.get();
                body = "health " + status;
            } else {
                lastMethod = ex.getRequestMethod();
                lastBody = requestBody;
                requests.incrementAndGet();
                lastHost = ex.getRequestHeaders().getFirst("Host");
                lastForwardedFor = ex.getRequestHeaders().getFirst("X-Forwarded-For");
                body = name + " " + ex.getRequestURI();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
