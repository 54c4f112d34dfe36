package dev.uniformpipeline.localcloud.elb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load balancers' real ports: an HTTP reverse proxy per application load balancer (keep-alive on both
 * sides, one shared HTTP/1.1 client towards the targets) and a TCP relay per network load balancer.
 */
final class DataPlane {
    static {
        // Lets the proxy pass the client's Host header to targets as an ALB does. Effective only if no
        // java.net.http client was created in this JVM before; otherwise Host is sent as the target's address.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "content-length", "expect", "host", "http2-settings",
            "proxy-authenticate", "proxy-authorization");

    private final ElbService elb;
    private final ExecutorService threads;
    private final HttpClient client;

    DataPlane(ElbService elb, ExecutorService threads) {
        this.elb = elb;
        this.threads = threads;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(threads)
                .build();
    }

    HttpFront http(String lbArn, String host, int port) throws IOException {
        return new HttpFront(lbArn, host, port);
    }

    TcpFront tcp(String lbArn, String host, int port) throws IOException {
        return new TcpFront(lbArn, host, port);
    }

    static String errorPage(int status) {
        String title = status + " " + switch (status) {
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
        return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n</body>\r\n</html>\r\n";
    }

    /** An application load balancer's port. */
    final class HttpFront implements AutoCloseable {
        private final String lbArn;
        private final HttpServer server;

        HttpFront(String lbArn, String host, int port) throws IOException {
            this.lbArn = lbArn;
            this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
            server.createContext("/", this::handle);
            server.setExecutor(threads);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) {
            try {
                serve(ex);
            } catch (IOException | RuntimeException e) {
                // the client went away or a broken exchange; the connection is closed below
            } finally {
                ex.close();
            }
        }

        private void serve(HttpExchange ex) throws IOException {
            byte[] body = ex.getRequestBody().readAllBytes();
            URI uri = ex.getRequestURI();
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            String hostHeader = ex.getRequestHeaders().getFirst("Host");
            Matching.Request request = new Matching.Request(ex.getRequestMethod(),
                    uri.getRawPath() == null ? "/" : uri.getRawPath(), uri.getRawQuery(), hostHeader, headers,
                    ex.getRemoteAddress().getAddress());
            ElbService.Decision d = elb.route(lbArn, request);
            if (!d.forward()) {
                if (d.location() != null) {
                    ex.getResponseHeaders().set("Location", d.location());
                }
                respond(ex, d.status(), d.contentType(), d.body());
                return;
            }
            try {
                forward(ex, request, body, d);
            } finally {
                elb.finished(d.target());
            }
        }

        private void forward(HttpExchange ex, Matching.Request request, byte[] body, ElbService.Decision d)
                throws IOException {
            String pathAndQuery = request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
            String host = d.host().indexOf(':') >= 0 ? "[" + d.host() + "]" : d.host();
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + d.port() + pathAndQuery))
                        .timeout(elb.idleTimeout(lbArn))
                        .method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
            } catch (IllegalArgumentException e) {
                respond(ex, 400, "text/html", "<html><body><h1>400 Bad Request</h1></body></html>");
                return;
            }
            String forwardedFor = null;
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("x-forwarded-for")) {
                    forwardedFor = String.join(", ", h.getValue());
                    continue;
                }
                if (HOP_BY_HOP.contains(name) || name.startsWith("x-forwarded-")) {
                    continue;
                }
                for (String v : h.getValue()) {
                    header(b, h.getKey(), v);
                }
            }
            String clientIp = ex.getRemoteAddress().getAddress().getHostAddress();
            header(b, "X-Forwarded-For", forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
            header(b, "X-Forwarded-Proto", "http");
            header(b, "X-Forwarded-Port", String.valueOf(d.listenerPort()));
            if (ex.getRequestHeaders().getFirst("X-Amzn-Trace-Id") == null) {
                header(b, "X-Amzn-Trace-Id", traceId());
            }
            if (request.host() != null) {
                header(b, "Host", request.host());
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException e) {
                respond(ex, 504, "text/html", errorPage(504));
                return;
            } catch (HttpTimeoutException e) {
                respond(ex, 504, "text/html", errorPage(504));
                return;
            } catch (ConnectException e) {
                respond(ex, 502, "text/html", errorPage(502));
                return;
            } catch (IOException e) {
                respond(ex, 502, "text/html", errorPage(502));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(ex, 502, "text/html", errorPage(502));
                return;
            }
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(lower) && !lower.equals("date") && !lower.startsWith(":")) {
                    ex.getResponseHeaders().put(name, values);
                }
            });
            byte[] out = response.body();
            int status = response.statusCode();
            boolean noBody = request.method().equals("HEAD") || status == 204 || status == 304 || status < 200;
            ex.sendResponseHeaders(status, noBody || out.length == 0 ? -1 : out.length);
            if (!noBody && out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }

        private void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Server", "awselb/2.0");
            if (contentType != null) {
                ex.getResponseHeaders().set("Content-Type", contentType);
            }
            boolean noBody = ex.getRequestMethod().equals("HEAD") || bytes.length == 0;
            ex.sendResponseHeaders(status, noBody ? -1 : bytes.length);
            if (!noBody) {
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

    private static void header(HttpRequest.Builder b, String name, String value) {
        try {
            b.header(name, value);
        } catch (IllegalArgumentException e) {
            // a restricted or malformed header the JDK client will not send
        }
    }

    private static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x", System.currentTimeMillis() / 1000,
                r.nextLong(1L << 48), r.nextLong(1L << 48));
    }

    /** A network load balancer's port: each connection is relayed to one target picked at accept time. */
    final class TcpFront implements AutoCloseable {
        private final String lbArn;
        private final ServerSocket socket;
        private final AtomicInteger open = new AtomicInteger();

        TcpFront(String lbArn, String host, int port) throws IOException {
            this.lbArn = lbArn;
            this.socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 256);
            threads.execute(this::acceptLoop);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                Socket client;
                try {
                    client = socket.accept();
                } catch (IOException e) {
                    return;
                }
                threads.execute(() -> relay(client));
            }
        }

        private void relay(Socket client) {
            ElbService.Decision d = elb.route(lbArn, null);
            if (!d.forward()) {
                closeQuietly(client);
                return;
            }
            open.incrementAndGet();
            try (client; Socket target = new Socket()) {
                target.connect(new InetSocketAddress(d.host(), d.port()), 10_000);
                Thread back = new Thread(() -> pump(target, client), "elb-nlb-relay");
                back.setDaemon(true);
                back.start();
                pump(client, target);
                back.join();
            } catch (IOException e) {
                // connection refused or reset: the client sees its connection closed, as with an NLB reset
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
                elb.finished(d.target());
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buf = new byte[16384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(to);
            }
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
