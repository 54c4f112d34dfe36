package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.uniformpipeline.localcloud.http.TlsProbeGuard;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.RawHttpService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
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
 * <p>Clients connect to local-cloud's {@link TlsProbeGuard} in front of the HttpServer, which answers a TLS
 * ClientHello with a plain-HTTP 400 so Jib falls back to plain HTTP.
 */
final class MiniFrontDoor implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    private static final Pattern SCOPE = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final TlsProbeGuard front;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private volatile JsonProtocolService api;

    MiniFrontDoor() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        front = TlsProbeGuard.start(loopback, 0, new InetSocketAddress(loopback, server.getAddress().getPort()));
    }

    int port() {
        return front.port();
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
        front.close();
        server.stop(0);
        executor.shutdownNow();
    }
}
