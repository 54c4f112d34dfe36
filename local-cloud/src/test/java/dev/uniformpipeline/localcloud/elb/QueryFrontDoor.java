package dev.uniformpipeline.localcloud.elb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.QueryProtocolService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal awsQuery front door for tests until local-cloud's real one is wired: decodes the form, takes
 * the region from the SigV4 credential scope, wraps results and errors as the protocol wants them.
 */
final class QueryFrontDoor implements AutoCloseable {
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/");
    private final HttpServer server;
    private final QueryProtocolService service;

    QueryFrontDoor(QueryProtocolService service) throws IOException {
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(k, v);
            }
            String action = params.remove("Action");
            params.remove("Version");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String region = "us-east-1";
            if (auth != null) {
                Matcher m = SCOPE.matcher(auth);
                if (m.find()) {
                    region = m.group(1);
                }
            }
            String requestId = UUID.randomUUID().toString();
            RequestContext ctx = new RequestContext(region, "000000000000", "AKIDLOCAL", requestId);
            int status;
            String xml;
            try {
                String inner = service.call(action, params, ctx);
                status = 200;
                xml = "<" + action + "Response xmlns=\"" + service.xmlNamespace() + "\"><" + action + "Result>" + inner
                        + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId
                        + "</RequestId></ResponseMetadata></" + action + "Response>";
            } catch (AwsException e) {
                status = e.httpStatus();
                xml = "<ErrorResponse xmlns=\"" + service.xmlNamespace() + "\"><Error><Type>"
                        + (e.sender() ? "Sender" : "Receiver") + "</Type><Code>" + e.code() + "</Code><Message>"
                        + Xml.escape(e.getMessage()) + "</Message></Error><RequestId>" + requestId
                        + "</RequestId></ErrorResponse>";
            }
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/xml");
            ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
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
