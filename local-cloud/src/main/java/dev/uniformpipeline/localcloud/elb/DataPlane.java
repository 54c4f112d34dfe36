package dev.uniformpipeline.localcloud.elb;

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
            case 400 -> "Bad Request";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
        return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n</body>\r\n</html>\r\n";
    }

    /**
     * An application load balancer's port: a small HTTP/1.1 server (keep-alive, chunked or sized request
     * bodies, {@code Expect: 100-continue}) with TCP_NODELAY and each response written in one piece, so a
     * client sending requests back to back is never held up by delayed ACKs.
     */
    final class HttpFront implements AutoCloseable {
        private static final int MAX_HEAD = 64 * 1024;
        private final String lbArn;
        private final ServerSocket socket;
        private final Set<Socket> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();

        HttpFront(String lbArn, String host, int port) throws IOException {
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
                Socket c;
                try {
                    c = socket.accept();
                } catch (IOException e) {
                    return;
                }
                connections.add(c);
                threads.execute(() -> {
                    try {
                        serveConnection(c);
                    } finally {
                        connections.remove(c);
                        closeQuietly(c);
                    }
                });
            }
        }

        private void serveConnection(Socket c) {
            try {
                c.setTcpNoDelay(true);
                c.setSoTimeout((int) Math.min(Integer.MAX_VALUE, elb.idleTimeout(lbArn).toMillis()));
                InputStream in = new java.io.BufferedInputStream(c.getInputStream());
                OutputStream out = new java.io.BufferedOutputStream(c.getOutputStream());
                while (!socket.isClosed()) {
                    String requestLine = readLine(in);
                    if (requestLine == null) {
                        return;
                    }
                    if (requestLine.isEmpty()) {
                        continue;
                    }
                    String[] parts = requestLine.split(" ");
                    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                        write(out, "HTTP/1.1", 400, lbError(400).headers(), errorBody(400), false, false);
                        return;
                    }
                    List<String[]> headers = new java.util.ArrayList<>();
                    int headBytes = requestLine.length();
                    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                        headBytes += line.length();
                        int colon = line.indexOf(':');
                        if (colon <= 0 || headBytes > MAX_HEAD) {
                            write(out, "HTTP/1.1", 400, lbError(400).headers(), errorBody(400), false, false);
                            return;
                        }
                        headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
                    }
                    String version = parts[2];
                    String connection = first(headers, "connection");
                    boolean keepAlive = version.equals("HTTP/1.1") ? !"close".equalsIgnoreCase(connection)
                            : "keep-alive".equalsIgnoreCase(connection);
                    if ("100-continue".equalsIgnoreCase(first(headers, "expect"))) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    byte[] body = readBody(in, headers);
                    if (body == null) {
                        write(out, version, 400, lbError(400).headers(), errorBody(400), false, false);
                        return;
                    }
                    String method = parts[0];
                    Reply reply = handle(method, parts[1], headers, body, c);
                    write(out, version, reply.status, reply.headers, reply.body, keepAlive,
                            method.equals("HEAD") || reply.status == 204 || reply.status == 304);
                    if (!keepAlive) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // idle timeout, client gone or a broken request: the connection is closed
            }
        }

        private Reply handle(String method, String target, List<String[]> headers, byte[] body, Socket c) {
            URI uri;
            try {
                uri = new URI(target);
            } catch (java.net.URISyntaxException e) {
                return lbError(400);
            }
            Map<String, List<String>> byName = new TreeMap<>();
            for (String[] h : headers) {
                byName.computeIfAbsent(h[0].toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(h[1]);
            }
            String host = first(headers, "host");
            if (uri.getRawAuthority() != null) {
                host = uri.getRawAuthority();
            }
            Matching.Request request = new Matching.Request(method,
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                    uri.getRawQuery(), host, byName, c.getInetAddress());
            ElbService.Decision d = elb.route(lbArn, request);
            if (!d.forward()) {
                return lbReply(d.status(), d.contentType(), d.body() == null ? new byte[0]
                        : d.body().getBytes(StandardCharsets.UTF_8), d.location());
            }
            try {
                return forward(request, headers, body, d, c.getInetAddress().getHostAddress());
            } finally {
                elb.finished(d.target());
            }
        }

        private Reply forward(Matching.Request request, List<String[]> headers, byte[] body, ElbService.Decision d,
                String clientIp) {
            String pathAndQuery = request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
            String host = d.host().indexOf(':') >= 0 ? "[" + d.host() + "]" : d.host();
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + d.port() + pathAndQuery))
                        .timeout(elb.idleTimeout(lbArn))
                        .method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
            } catch (IllegalArgumentException e) {
                return lbError(400);
            }
            String forwardedFor = null;
            boolean traced = false;
            for (String[] h : headers) {
                String name = h[0].toLowerCase(Locale.ROOT);
                if (name.equals("x-forwarded-for")) {
                    forwardedFor = forwardedFor == null ? h[1] : forwardedFor + ", " + h[1];
                    continue;
                }
                traced |= name.equals("x-amzn-trace-id");
                if (!HOP_BY_HOP.contains(name) && !name.startsWith("x-forwarded-")) {
                    header(b, h[0], h[1]);
                }
            }
            header(b, "X-Forwarded-For", forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
            header(b, "X-Forwarded-Proto", "http");
            header(b, "X-Forwarded-Port", String.valueOf(d.listenerPort()));
            if (!traced) {
                header(b, "X-Amzn-Trace-Id", traceId());
            }
            if (request.host() != null) {
                header(b, "Host", request.host());
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                return lbError(504);
            } catch (IOException e) {
                return lbError(502);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return lbError(502);
            }
            List<String[]> out = new java.util.ArrayList<>();
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(lower) && !lower.equals("date") && !lower.startsWith(":")) {
                    for (String v : values) {
                        out.add(new String[] {name, v});
                    }
                }
            });
            return new Reply(response.statusCode(), out, response.body());
        }

        @Override
        public void close() {
            closeQuietly(socket);
            for (Socket c : connections) {
                closeQuietly(c);
            }
        }
    }

    private record Reply(int status, List<String[]> headers, byte[] body) {
    }

    /** An answer of the load balancer itself (not of a target): ALB's Server header and HTML page. */
    private static Reply lbError(int status) {
        return lbReply(status, "text/html", errorBody(status), null);
    }

    private static Reply lbReply(int status, String contentType, byte[] body, String location) {
        List<String[]> h = new java.util.ArrayList<>();
        h.add(new String[] {"Server", "awselb/2.0"});
        if (contentType != null) {
            h.add(new String[] {"Content-Type", contentType});
        }
        if (location != null) {
            h.add(new String[] {"Location", location});
        }
        return new Reply(status, h, body);
    }

    private static byte[] errorBody(int status) {
        return errorPage(status).getBytes(StandardCharsets.UTF_8);
    }

    private static String first(List<String[]> headers, String lowerName) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(lowerName)) {
                return h[1];
            }
        }
        return null;
    }

    /** One CRLF- (or LF-) terminated line as ISO-8859-1; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() > MAX_LINE) {
                throw new IOException("request line or header too long");
            }
            sb.append((char) ch);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static final int MAX_LINE = 16 * 1024;

    /** The request body by Content-Length or chunked encoding; null when malformed. */
    private static byte[] readBody(InputStream in, List<String[]> headers) throws IOException {
        String te = first(headers, "transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    return null;
                }
                int semi = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (size == 0) {
                    for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) {
                        // trailers are dropped
                    }
                    return buf.toByteArray();
                }
                buf.write(in.readNBytes(size));
                readLine(in);
            }
        }
        String length = first(headers, "content-length");
        if (length == null) {
            return new byte[0];
        }
        long n;
        try {
            n = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            return null;
        }
        byte[] body = in.readNBytes((int) n);
        return body.length == n ? body : null;
    }

    private static void write(OutputStream out, String version, int status, List<String[]> headers, byte[] body,
            boolean keepAlive, boolean noBody) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(version.equals("HTTP/1.0") ? "HTTP/1.0" : "HTTP/1.1").append(' ').append(status).append(' ')
                .append(reason(status)).append("\r\n");
        head.append("Date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))).append("\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (!noBody || body.length > 0) {
            head.append("Content-Length: ").append(noBody ? 0 : body.length).append("\r\n");
        }
        head.append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n").append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 418 -> "I'm a teapot";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Status";
        };
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
