package dev.uniformpipeline.localcloud.elb;

import dev.uniformpipeline.localcloud.support.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load balancers' real ports: an HTTP reverse proxy per application load balancer (keep-alive on both
 * sides: a small HTTP/1.1 server towards clients and pooled HTTP/1.1 connections towards targets, so the
 * client's Host header reaches the target as through an ALB) and a TCP relay per network load balancer.
 */
final class DataPlane {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "content-length", "expect", "host", "http2-settings",
            "proxy-authenticate", "proxy-authorization");
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_IDLE_PER_TARGET = 32;

    private final ElbService elb;
    private final ExecutorService threads;
    /** Idle keep-alive connections to targets, by {@code host:port}. */
    private final Map<String, java.util.Deque<TargetConnection>> idle = new java.util.concurrent.ConcurrentHashMap<>();

    DataPlane(ElbService elb, ExecutorService threads) {
        this.elb = elb;
        this.threads = threads;
    }

    Front http(String lbArn, String host, int port) throws IOException {
        return new HttpFront(lbArn, host, port).start();
    }

    Front tcp(String lbArn, String host, int port) throws IOException {
        return new TcpFront(lbArn, host, port).start();
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

    /** A load balancer's port: one pooled thread accepts, and each connection is served on another. */
    abstract class Front implements AutoCloseable {
        final String lbArn;
        final ServerSocket socket;

        Front(String lbArn, String host, int port) throws IOException {
            this.lbArn = lbArn;
            this.socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 256);
        }

        /** Starts accepting (not in the constructor, so a subclass is complete before its first connection). */
        final Front start() {
            threads.execute(this::acceptLoop);
            return this;
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
                threads.execute(accepted(c));
            }
        }

        /** Called on the accepting thread; returns what serves the connection on a pooled thread. */
        abstract Runnable accepted(Socket c);

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }

    /**
     * An application load balancer's port: a small HTTP/1.1 server (keep-alive, chunked or sized request
     * bodies, {@code Expect: 100-continue}) with TCP_NODELAY and each response written in one piece, so a
     * client sending requests back to back is never held up by delayed ACKs.
     */
    final class HttpFront extends Front {
        private static final int MAX_HEAD = 64 * 1024;
        private final Set<Socket> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();

        HttpFront(String lbArn, String host, int port) throws IOException {
            super(lbArn, host, port);
        }

        @Override
        Runnable accepted(Socket c) {
            connections.add(c);
            return () -> {
                try {
                    serveConnection(c);
                } finally {
                    connections.remove(c);
                    closeQuietly(c);
                }
            };
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
                Reply reply = forward(request, headers, body, d, c.getInetAddress().getHostAddress());
                if (d.setCookies().isEmpty() || reply.status() >= 500 && reply.headers().stream()
                        .anyMatch(h -> h[1].equals("awselb/2.0"))) {
                    return reply;
                }
                List<String[]> withCookies = new java.util.ArrayList<>(reply.headers());
                for (String cookie : d.setCookies()) {
                    withCookies.add(new String[] {"Set-Cookie", cookie});
                }
                return new Reply(reply.status(), withCookies, reply.body());
            } finally {
                elb.finished(d.target());
            }
        }

        private Reply forward(Matching.Request request, List<String[]> headers, byte[] body, ElbService.Decision d,
                String clientIp) {
            String pathAndQuery = request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
            String targetHost = d.host().indexOf(':') >= 0 ? "[" + d.host() + "]" : d.host();
            StringBuilder head = new StringBuilder(512);
            head.append(request.method()).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(request.host() != null ? request.host() : targetHost + ":" + d.port())
                    .append("\r\n");
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
                    head.append(h[0]).append(": ").append(h[1]).append("\r\n");
                }
            }
            head.append("X-Forwarded-For: ").append(forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp)
                    .append("\r\n");
            head.append("X-Forwarded-Proto: http\r\n");
            head.append("X-Forwarded-Port: ").append(d.listenerPort()).append("\r\n");
            if (!traced) {
                head.append("X-Amzn-Trace-Id: ").append(traceId()).append("\r\n");
            }
            if (body.length > 0 || List.of("POST", "PUT", "PATCH").contains(request.method())) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] requestHead = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            String key = d.host() + ":" + d.port();
            int timeout = (int) Math.min(Integer.MAX_VALUE, elb.idleTimeout(lbArn).toMillis());
            for (int attempt = 0; attempt < 2; attempt++) {
                TargetConnection c = attempt == 0 ? pooled(key) : null;
                boolean reused = c != null;
                if (c == null) {
                    try {
                        c = TargetConnection.open(d.host(), d.port());
                    } catch (SocketTimeoutException e) {
                        return lbError(504);
                    } catch (IOException e) {
                        return lbError(502);
                    }
                }
                boolean answered = false;
                try {
                    c.socket.setSoTimeout(timeout);
                    c.out.write(requestHead);
                    c.out.write(body);
                    c.out.flush();
                    String statusLine = readLine(c.in);
                    while (statusLine != null && isInformational(statusLine)) {
                        for (String l = readLine(c.in); l != null && !l.isEmpty(); l = readLine(c.in)) {
                            // 1xx headers are not passed on
                        }
                        statusLine = readLine(c.in);
                    }
                    if (statusLine == null) {
                        throw new IOException("target closed the connection before answering");
                    }
                    answered = true;
                    return readResponse(c, key, statusLine, request.method());
                } catch (SocketTimeoutException e) {
                    closeQuietly(c.socket);
                    return lbError(504);
                } catch (IOException e) {
                    closeQuietly(c.socket);
                    if (reused && !answered) {
                        continue; // a stale keep-alive connection: try once more on a fresh one
                    }
                    return lbError(502);
                }
            }
            return lbError(502);
        }

        private Reply readResponse(TargetConnection c, String key, String statusLine, String method)
                throws IOException {
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                throw new IOException("malformed status line from target: " + statusLine);
            }
            List<String[]> headers = new java.util.ArrayList<>();
            for (String l = readLine(c.in); l != null && !l.isEmpty(); l = readLine(c.in)) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
                }
            }
            boolean reusable = parts[0].equals("HTTP/1.1") && !"close".equalsIgnoreCase(first(headers, "connection"));
            byte[] body;
            if (method.equals("HEAD") || status == 204 || status == 304) {
                body = new byte[0];
            } else if (first(headers, "transfer-encoding") != null || first(headers, "content-length") != null) {
                body = readBody(c.in, headers);
                if (body == null) {
                    throw new IOException("malformed response body from target");
                }
            } else {
                body = c.in.readAllBytes();
                reusable = false;
            }
            if (reusable) {
                giveBack(key, c);
            } else {
                closeQuietly(c.socket);
            }
            List<String[]> out = new java.util.ArrayList<>();
            for (String[] h : headers) {
                String lower = h[0].toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(lower) && !lower.equals("date")) {
                    out.add(h);
                }
            }
            return new Reply(status, out, body);
        }

        @Override
        public void close() {
            super.close();
            for (Socket c : connections) {
                closeQuietly(c);
            }
        }
    }

    private record Reply(int status, List<String[]> headers, byte[] body) {
    }

    /** A keep-alive HTTP/1.1 connection to a target. */
    private static final class TargetConnection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        private TargetConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = new java.io.BufferedOutputStream(socket.getOutputStream());
        }

        static TargetConnection open(String host, int port) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                return new TargetConnection(s);
            } catch (IOException e) {
                closeQuietly(s);
                throw e;
            }
        }
    }

    private TargetConnection pooled(String key) {
        java.util.Deque<TargetConnection> q = idle.get(key);
        for (TargetConnection c = q == null ? null : q.pollFirst(); c != null; c = q.pollFirst()) {
            if (!c.socket.isClosed()) {
                return c;
            }
        }
        return null;
    }

    private void giveBack(String key, TargetConnection c) {
        java.util.Deque<TargetConnection> q =
                idle.computeIfAbsent(key, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        if (q.size() < MAX_IDLE_PER_TARGET) {
            q.offerFirst(c);
        } else {
            closeQuietly(c.socket);
        }
    }

    /** Closes the idle connections to one target (it left its group). */
    void forget(String host, int port) {
        java.util.Deque<TargetConnection> q = idle.remove(host + ":" + port);
        if (q != null) {
            for (TargetConnection c = q.pollFirst(); c != null; c = q.pollFirst()) {
                closeQuietly(c.socket);
            }
        }
    }

    /** Closes idle connections to targets (on shutdown). */
    void closeIdle() {
        for (java.util.Deque<TargetConnection> q : idle.values()) {
            for (TargetConnection c = q.pollFirst(); c != null; c = q.pollFirst()) {
                closeQuietly(c.socket);
            }
        }
    }

    private static boolean isInformational(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        return parts.length >= 2 && parts[1].length() == 3 && parts[1].charAt(0) == '1' && !parts[1].equals("101");
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

    private static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x", System.currentTimeMillis() / 1000,
                r.nextLong(1L << 48), r.nextLong(1L << 48));
    }

    /** A network load balancer's port: each connection is relayed to one target picked at accept time. */
    final class TcpFront extends Front {
        TcpFront(String lbArn, String host, int port) throws IOException {
            super(lbArn, host, port);
        }

        @Override
        Runnable accepted(Socket client) {
            return () -> relay(client);
        }

        private void relay(Socket client) {
            ElbService.Decision d = elb.route(lbArn, null);
            if (!d.forward()) {
                closeQuietly(client);
                return;
            }
            try (client; Socket target = new Socket()) {
                target.connect(new InetSocketAddress(d.host(), d.port()), 10_000);
                Thread back = new Thread(() -> Sockets.pipe(target, client), "elb-nlb-relay");
                back.setDaemon(true);
                back.start();
                Sockets.pipe(client, target);
                back.join();
            } catch (IOException e) {
                // connection refused or reset: the client sees its connection closed, as with an NLB reset
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                elb.finished(d.target());
            }
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
