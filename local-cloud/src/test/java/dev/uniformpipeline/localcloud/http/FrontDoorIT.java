package dev.uniformpipeline.localcloud.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.RestJsonService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing and error encoding of the front door, checked on the wire. */
class FrontDoorIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicReference<RequestContext> LAST = new AtomicReference<>();
    static LocalCloud cloud;

    /** A JSON-1.1 service that echoes, fails on request, or crashes. */
    static final class Echo implements JsonProtocolService {
        @Override public String signingName() { return "echo"; }
        @Override public String targetPrefix() { return "Echo_20240101"; }
        @Override public JsonNode call(String op, JsonNode input, RequestContext ctx) throws AwsException {
            LAST.set(ctx);
            return switch (op) {
                case "Echo" -> input;
                case "Fail" -> throw AwsException.client("ResourceNotFoundException", "no such thing");
                case "Crash" -> throw new IllegalStateException("bug inside the service");
                default -> throw AwsException.client("UnknownOperationException", op);
            };
        }
    }

    static final class Rest implements RestJsonService {
        @Override public String signingName() { return "eks"; }
        @Override public List<String> pathPrefixes() { return List.of("/clusters"); }
        @Override public Response call(String method, String path, Map<String, List<String>> query, JsonNode body,
                RequestContext ctx) throws AwsException {
            if (path.equals("/clusters/missing")) {
                throw new AwsException("ResourceNotFoundException", "No cluster found for name: missing.", 404, true);
            }
            return new Response(200, JsonNodeFactory.instance.objectNode().put("path", path)
                    .put("max", query.getOrDefault("maxResults", List.of("")).get(0)));
        }
    }

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().withService(c -> new Echo()).withService(c -> new Rest()).start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    static HttpResponse<String> post(String target, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(cloud.endpoint()).header("Content-Type",
                "application/x-amz-json-1.1").POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> form(String body, String scopeService) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(cloud.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (scopeService != null) {
            b.header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/" + scopeService
                    + "/aws4_request, SignedHeaders=host, Signature=00");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonCallGetsRegionFromCredentialScopeAndAccountFromKey() throws Exception {
        HttpResponse<String> r = post("Echo_20240101.Echo", "{\"a\":1}",
                "AWS4-HMAC-SHA256 Credential=210987654321/20240101/ap-south-1/echo/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=ff");
        assertEquals(200, r.statusCode());
        assertEquals("application/x-amz-json-1.1", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(1, JSON.readTree(r.body()).path("a").asInt());
        RequestContext ctx = LAST.get();
        assertEquals("ap-south-1", ctx.region());
        assertEquals("210987654321", ctx.accountId());
        assertEquals(r.headers().firstValue("x-amzn-RequestId").orElseThrow(), ctx.requestId());
    }

    @Test
    void jsonServiceErrorsCarryTypeAndMessage() throws Exception {
        HttpResponse<String> r = post("Echo_20240101.Fail", "{}", null);
        assertEquals(400, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("ResourceNotFoundException", body.path("__type").asText());
        assertEquals("no such thing", body.path("message").asText());
        assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void unknownTargetPrefixIsUnknownOperationException() throws Exception {
        HttpResponse<String> r = post("Nobody_20200101.DoIt", "{}", null);
        assertEquals(400, r.statusCode());
        assertEquals("UnknownOperationException", JSON.readTree(r.body()).path("__type").asText());
    }

    @Test
    void malformedJsonIsSerializationException() throws Exception {
        HttpResponse<String> r = post("Echo_20240101.Echo", "{not json", null);
        assertEquals(400, r.statusCode());
        assertEquals("SerializationException", JSON.readTree(r.body()).path("__type").asText());
    }

    @Test
    void crashInsideAServiceIsA500FaultWithoutStackTrace() throws Exception {
        HttpResponse<String> r = post("Echo_20240101.Crash", "{}", null);
        assertEquals(500, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("ServerException", body.path("__type").asText());
        assertFalse(r.body().contains("at dev.uniformpipeline"), r.body());
        assertFalse(r.body().contains("bug inside the service"), "no internals leak: " + r.body());
    }

    @Test
    void unknownQueryActionIsInvalidActionInAnErrorResponse() throws Exception {
        HttpResponse<String> r = form("Action=Frobnicate&Version=2011-06-15", "sts");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                + "<Type>Sender</Type><Code>InvalidAction</Code><Message>"), r.body());
        assertTrue(r.body().matches(".*</Error><RequestId>[-0-9a-f]{36}</RequestId></ErrorResponse>"), r.body());
    }

    @Test
    void queryWithoutCredentialScopeIsRoutedByVersion() throws Exception {
        HttpResponse<String> r = form("Action=GetCallerIdentity&Version=2011-06-15", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<Account>000000000000</Account>"), r.body());
        assertTrue(r.body().contains("<ResponseMetadata><RequestId>"
                + r.headers().firstValue("x-amzn-RequestId").orElseThrow() + "</RequestId>"), r.body());
    }

    @Test
    void queryForUnknownServiceIsInvalidAction() throws Exception {
        HttpResponse<String> r = form("Action=ListQueues&Version=2012-11-05", "sqs");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<Code>InvalidAction</Code>"), r.body());
    }

    @Test
    void restJsonRoutesByPathAndSendsErrorTypeHeader() throws Exception {
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.endpoint()
                + "/clusters?maxResults=5")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals("5", JSON.readTree(ok.body()).path("max").asText());
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.endpoint()
                + "/clusters/missing")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertEquals("ResourceNotFoundException", missing.headers().firstValue("X-Amzn-ErrorType").orElseThrow());
        assertEquals("No cluster found for name: missing.", JSON.readTree(missing.body()).path("message").asText());
        assertTrue(missing.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void unroutableRequestIsA404WithRequestId() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/nothing/here"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertEquals("UnknownOperationException", JSON.readTree(r.body()).path("__type").asText());
        assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());
    }
}
