package dev.uniformpipeline.localcloud.ecs.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One small HTTP/1.1 server for all simulated containers: a single selector thread accepts and serves the
 * connections of every listening socket, each container keeping its own loopback address and port. A JDK
 * {@code HttpServer} costs two threads per listening socket (its dispatcher and its idle-timeout timer), which is
 * 300 threads for 50 services of 3 tasks; this costs one thread in all.
 *
 * <p>It speaks what clients of a simulated container use: keep-alive (HTTP/1.1 by default, HTTP/1.0 with
 * {@code Connection: keep-alive}), pipelined requests, request bodies sized or chunked (read and dropped),
 * {@code Expect: 100-continue}, HEAD; it closes a connection left idle for {@link #IDLE_TIMEOUT}, as the JDK
 * HttpServer does. Handlers run on the server's thread, so they must be quick and must not block.
 */
final class SimHttpServer implements AutoCloseable {
    /** How long a kept-alive connection may stay idle (the JDK HttpServer's default idle interval). */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_HEAD = 64 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US);

    /** Answers one request, on the server's thread. */
    interface Handler {
        Response handle(String method, String path);
    }

    record Response(int status, String contentType, byte[] body) {
    }

    private final String threadName;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Every open connection; touched only on the server's thread. */
    private final Set<Connection> connections = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private Selector selector;
    private Thread thread;
    private boolean closed;

    SimHttpServer(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Binds {@code address} now (so a port conflict fails here, in the caller) and serves it from the server's
     * thread, which starts with the first listener.
     */
    Listener listen(InetSocketAddress address, int backlog, Handler handler) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, backlog);
            channel.configureBlocking(false);
            Listener listener = new Listener(channel, handler);
            run(() -> listener.key = channel.register(selector, SelectionKey.OP_ACCEPT, listener));
            return listener;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A listening socket. */
    final class Listener implements AutoCloseable {
        private final ServerSocketChannel channel;
        private final Handler handler;
        private final Set<Connection> open = new HashSet<>();
        private SelectionKey key;

        private Listener(ServerSocketChannel channel, Handler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        int port() {
            return channel.socket().getLocalPort();
        }

        /** Stops listening and closes this listener's connections; the port is free when this returns. */
        @Override
        public void close() {
            try {
                run(() -> {
                    if (key != null) {
                        key.cancel();
                    }
                    closeQuietly(channel);
                    for (Connection c : Set.copyOf(open)) {
                        c.close();
                    }
                    selector.selectNow(); // flushes the cancelled keys: only then does the socket really close
                });
            } catch (IOException e) {
                closeQuietly(channel); // the server is closed: nothing is registered any more
            }
        }
    }

    interface LoopTask {
        void run() throws IOException;
    }

    /** Runs {@code task} on the server's thread (starting it if needed) and waits for it. */
    private void run(LoopTask task) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the simulated containers' HTTP server is closed");
            }
            if (thread == null) {
                selector = Selector.open();
                thread = new Thread(this::loop, threadName);
                thread.setDaemon(true);
                thread.start();
            }
        }
        if (Thread.currentThread() == thread) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (TimeoutException e) {
                if (!thread.isAlive()) {
                    throw new IOException("the simulated containers' HTTP server is closed");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the simulated containers' HTTP server did not answer within 30 s", e);
                }
            }
        }
    }

    private void loop() {
        long lastSweep = System.nanoTime();
        try {
            while (!isClosed()) {
                selector.select(1000);
                for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
                    t.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.attachment() instanceof Listener l) {
                        accept(l);
                    } else if (key.attachment() instanceof Connection c) {
                        try {
                            c.ready(key);
                        } catch (RuntimeException e) {
                            c.close(); // one broken connection never stops the others
                        }
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - lastSweep > TimeUnit.SECONDS.toNanos(1)) {
                    lastSweep = now;
                    closeIdle(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the selector failed: nothing more can be served
        } finally {
            for (Connection c : Set.copyOf(connections)) {
                c.close();
            }
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            closeQuietly(selector);
            for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
                t.run(); // waiters get their answer (a closed channel) instead of a time-out
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void accept(Listener l) {
        while (true) {
            SocketChannel ch;
            try {
                ch = l.channel.accept();
            } catch (IOException e) {
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(ch, l);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
                l.open.add(c);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    private void closeIdle(long now) {
        long idle = IDLE_TIMEOUT.toNanos();
        for (Connection c : Set.copyOf(connections)) {
            if (c.isIdle() && now - c.lastActive > idle) {
                c.close();
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (selector != null) {
                selector.wakeup();
            }
        }
    }

    /** Where a connection is in reading its current request. */
    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    /** One client connection: reads requests as they come, answers each in order. */
    private final class Connection {
        private final SocketChannel channel;
        private final Listener listener;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private SelectionKey key;
        private byte[] in = new byte[4096];
        private int length;
        private State state = State.HEAD;
        private long bodyLeft;
        private String method;
        private String path;
        private boolean keepAlive;
        private boolean closeWhenWritten;
        private long lastActive = System.nanoTime();

        Connection(SocketChannel channel, Listener listener) {
            this.channel = channel;
            this.listener = listener;
        }

        boolean isIdle() {
            return state == State.HEAD && length == 0 && out.isEmpty();
        }

        void ready(SelectionKey k) {
            lastActive = System.nanoTime();
            try {
                if (k.isWritable()) {
                    flush();
                }
                if (k.isValid() && k.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                close();
            }
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                // the client is done sending: answer what it asked, then close
                closeWhenWritten = true;
                if (out.isEmpty()) {
                    close();
                }
                return;
            }
            if (state == State.DONE) {
                return; // closing after the current answer: further input is dropped
            }
            if (length + n > in.length) {
                in = Arrays.copyOf(in, Math.max(in.length * 2, length + n));
            }
            readBuffer.flip();
            readBuffer.get(in, length, n);
            length += n;
            parse();
            flush();
        }

        /** Consumes what has arrived: request heads, bodies (dropped), and answers each complete request. */
        private void parse() {
            int pos = 0;
            while (state != State.DONE) {
                if (state == State.HEAD) {
                    while (pos + 1 < length && in[pos] == '\r' && in[pos + 1] == '\n') {
                        pos += 2; // blank lines before a request line are allowed
                    }
                    int end = indexOf(pos, "\r\n\r\n");
                    if (end < 0) {
                        if (length - pos > MAX_HEAD) {
                            fail();
                        }
                        break;
                    }
                    String head = new String(in, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = end + 4;
                    if (!head(head)) {
                        fail();
                    }
                } else if (state == State.BODY || state == State.CHUNK_DATA) {
                    int take = (int) Math.min(bodyLeft, length - pos);
                    pos += take;
                    bodyLeft -= take;
                    if (bodyLeft > 0) {
                        break;
                    }
                    if (state == State.BODY) {
                        answer();
                    } else {
                        state = State.CHUNK_END;
                    }
                } else if (state == State.CHUNK_END) {
                    if (length - pos < 2) {
                        break;
                    }
                    pos += 2;
                    state = State.CHUNK_SIZE;
                } else {
                    int end = indexOf(pos, "\r\n");
                    if (end < 0) {
                        if (length - pos > MAX_HEAD) {
                            fail();
                        }
                        break;
                    }
                    String line = new String(in, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = end + 2;
                    if (state == State.TRAILERS) {
                        if (line.isEmpty()) {
                            answer();
                        }
                    } else {
                        chunkSize(line);
                    }
                }
            }
            if (state == State.DONE) {
                length = 0;
            } else {
                System.arraycopy(in, pos, in, 0, length - pos);
                length -= pos;
            }
        }

        private void chunkSize(String line) {
            int semicolon = line.indexOf(';');
            try {
                bodyLeft = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                fail();
                return;
            }
            if (bodyLeft < 0) {
                fail();
            } else {
                state = bodyLeft == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
        }

        /** Reads a request head; false when it is malformed. */
        private boolean head(String head) {
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
                return false;
            }
            method = requestLine[0];
            try {
                String p = URI.create(requestLine[1]).getPath();
                path = p == null || p.isEmpty() ? "/" : p;
            } catch (IllegalArgumentException e) {
                return false;
            }
            String connection = "";
            String transferEncoding = null;
            String contentLength = null;
            boolean expectContinue = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    return false;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "connection" -> connection = connection + "," + value.toLowerCase(Locale.ROOT);
                    case "transfer-encoding" -> transferEncoding = value.toLowerCase(Locale.ROOT);
                    case "content-length" -> contentLength = value;
                    case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
                    default -> {
                        // other headers do not change how the request is read or answered
                    }
                }
            }
            Set<String> tokens = new HashSet<>(Arrays.asList(connection.replace(" ", "").split(",")));
            keepAlive = requestLine[2].equals("HTTP/1.1") ? !tokens.contains("close") : tokens.contains("keep-alive");
            if (transferEncoding != null && transferEncoding.endsWith("chunked")) {
                state = State.CHUNK_SIZE;
            } else if (contentLength != null) {
                try {
                    bodyLeft = Long.parseLong(contentLength);
                } catch (NumberFormatException e) {
                    return false;
                }
                if (bodyLeft < 0) {
                    return false;
                }
                state = State.BODY;
            } else {
                bodyLeft = 0;
                state = State.BODY;
            }
            if (expectContinue && (state != State.BODY || bodyLeft > 0)) {
                out.add(ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            }
            if (state == State.BODY && bodyLeft == 0) {
                answer();
            }
            return true;
        }

        private void answer() {
            Response r;
            try {
                r = listener.handler.handle(method, path);
            } catch (RuntimeException e) {
                r = new Response(500, "text/plain", new byte[0]);
                keepAlive = false;
            }
            respond(r, method.equals("HEAD"));
        }

        private void fail() {
            keepAlive = false;
            respond(new Response(400, "text/plain", new byte[0]), false);
        }

        private void respond(Response r, boolean headOnly) {
            StringBuilder head = new StringBuilder(160);
            head.append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
            head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
            head.append("Content-Type: ").append(r.contentType()).append("\r\n");
            head.append("Content-Length: ").append(r.body().length).append("\r\n");
            if (!keepAlive) {
                head.append("Connection: close\r\n");
            }
            head.append("\r\n");
            out.add(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
            if (!headOnly && r.body().length > 0) {
                out.add(ByteBuffer.wrap(r.body()));
            }
            if (keepAlive) {
                state = State.HEAD;
            } else {
                state = State.DONE;
                closeWhenWritten = true;
            }
        }

        private void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                channel.write(b);
                if (b.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (closeWhenWritten) {
                close();
            } else if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        private int indexOf(int from, String pattern) {
            outer:
            for (int i = from; i + pattern.length() <= length; i++) {
                for (int j = 0; j < pattern.length(); j++) {
                    if (in[i + j] != pattern.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        void close() {
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
            connections.remove(this);
            listener.open.remove(this);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
