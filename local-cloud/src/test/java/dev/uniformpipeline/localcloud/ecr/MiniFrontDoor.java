package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.RawHttpService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test scaffolding only: a minimal awsJson1.1 front door on a JDK HttpServer (POST / with X-Amz-Target,
 * region from the SigV4 credential scope, one fixed account) plus the service's raw endpoint, so the
 * real AWS SDK, the aws CLI and Jib can talk to local ECR before local-cloud's own front door exists.
 * It does not verify signatures.
 *
 * <p>Clients connect to a small relay in front of the HttpServer. The relay answers a TLS ClientHello
 * (first byte 0x16) with a plain-HTTP 400 and closes, as Go's net/http does: Jib tries HTTPS first and
 * falls back to plain HTTP only on an SSLException; the JDK HttpServer would instead wait for a request
 * line that never comes, so Jib times out after 20 s without falling back.
 */
final class MiniFrontDoor implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    private static final Pattern SCOPE = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final java.net.ServerSocket front;
    private final Thread acceptor;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private volatile JsonProtocolService api;

    MiniFrontDoor() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        front = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "mini-front-door-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return front.getLocalPort();
    }

    private void acceptLoop() {
        while (!front.isClosed()) {
            try {
                java.net.Socket client = front.accept();
                Thread t = new Thread(() -> relay(client), "mini-front-door-relay");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(java.net.Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0) {
                return;
            }
            if (first == 0x16) {
                client.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                return;
            }
            try (java.net.Socket back = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                    server.getAddress().getPort())) {
                back.getOutputStream().write(first);
                Thread pump = new Thread(() -> pump(back, client), "mini-front-door-pump");
                pump.setDaemon(true);
                pump.start();
                pump(client, back);
                pump.join();
            }
        } catch (IOException | InterruptedException e) {
            // connection closed
        }
    }

    private static void pump(java.net.Socket from, java.net.Socket to) {
        try {
            byte[] buf = new byte[65536];
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    String authority() {
        return "127.0.0.1:" + port();
    }

    String endpoint() {
        return "http://" + authority();
    }

    MiniFrontDoor mount(JsonProtocolService api, RawHttpService raw) {
        this.api = api;
        server.createContext("/", this::handleJson);
        server.createContext(raw.pathPrefix(), raw.handler());
        server.start();
        return this;
    }

    private void handleJson(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String region = "us-east-1";
            String accessKey = "anonymous";
            if (auth != null) {
                Matcher m = SCOPE.matcher(auth);
                if (m.find()) {
                    accessKey = m.group(1);
                    region = m.group(2);
                }
            }
            String requestId = UUID.randomUUID().toString();
            ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            int status;
            JsonNode out;
            if (!"POST".equals(ex.getRequestMethod()) || target == null
                    || !target.startsWith(api.targetPrefix() + ".")) {
                status = 400;
                out = error("UnknownOperationException", "expected POST / with X-Amz-Target " + api.targetPrefix() + ".*");
            } else {
                try {
                    JsonNode input = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                    out = api.call(target.substring(api.targetPrefix().length() + 1), input,
                            new RequestContext(region, ACCOUNT, accessKey, requestId));
                    status = 200;
                } catch (AwsException e) {
                    status = e.httpStatus();
                    out = error(e.code(), e.getMessage());
                }
            }
            byte[] bytes = JSON.writeValueAsBytes(out);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

    private static JsonNode error(String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("__type", code);
        n.put("message", message);
        return n;
    }

    @Override
    public void close() {
        try {
            front.close();
        } catch (IOException e) {
            // already closed
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
