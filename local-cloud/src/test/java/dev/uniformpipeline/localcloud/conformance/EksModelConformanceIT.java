package dev.uniformpipeline.localcloud.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.eks.EksService;
import dev.uniformpipeline.localcloud.spi.RestJsonService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * local-cloud EKS against botocore's EKS model (python3-botocore, eks/2017-11-01): each call's method and URI are
 * the operation's modelled ones, every successful response conforms to the output shape, and every error is one
 * of the operation's modelled errors, answered with that error shape's modelled HTTP status in X-Amzn-ErrorType.
 */
class EksModelConformanceIT {
    private static LocalCloud cloud;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        assertTrue(Files.isDirectory(BotocoreModelIT.DATA), BotocoreModelIT.DATA
                + " is missing: install the Debian package python3-botocore");
        cloud = LocalCloud.builder().clockFactor(10).start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    record Call(String op, String method, String path, String body, boolean expectError) {
    }

    @Test
    void eksResponsesAndErrorsConformToTheModel() throws Exception {
        JsonNode model = BotocoreModelIT.model("eks", "2017-11-01");
        JsonNode meta = model.path("metadata");
        assertEquals("rest-json", meta.path("protocol").asText());
        assertEquals(meta.path("signingName").asText(meta.path("endpointPrefix").asText()),
                cloud.service(RestJsonService.class).signingName());
        String create = "{\"name\":\"m\",\"roleArn\":\"arn:aws:iam::000000000000:role/eks\","
                + "\"resourcesVpcConfig\":{\"subnetIds\":[\"subnet-1\"]},\"tags\":{\"team\":\"x\"}}";
        List<Call> calls = List.of(
                new Call("CreateCluster", "POST", "/clusters", create, false),
                new Call("CreateCluster", "POST", "/clusters", create, true),
                new Call("CreateCluster", "POST", "/clusters", "{\"name\":\"n\"}", true),
                new Call("DescribeCluster", "GET", "/clusters/m", null, false),
                new Call("ListClusters", "GET", "/clusters", null, false),
                new Call("ListClusters", "GET", "/clusters?maxResults=0", null, true),
                new Call("DescribeCluster", "GET", "/clusters/none", null, true),
                new Call("DeleteCluster", "DELETE", "/clusters/none", null, true));
        List<String> problems = new ArrayList<>();
        JsonNode shapes = model.path("shapes");
        for (int i = 0; i < calls.size(); i++) {
            if (i == 4) {
                // the next pass sees the cluster ACTIVE, with its endpoint and CA
                cloud.clock().advance(EksService.DEFAULT_CREATION_TIME);
                problems.addAll(call(model, new Call("DescribeCluster", "GET", "/clusters/m", null, false)));
            }
            problems.addAll(call(model, calls.get(i)));
        }
        problems.addAll(call(model, new Call("DeleteCluster", "DELETE", "/clusters/m", null, false)));
        assertEquals(List.of(), problems);
        assertTrue(shapes.isObject());
    }

    private static List<String> call(JsonNode model, Call c) throws Exception {
        List<String> problems = new ArrayList<>();
        JsonNode op = model.path("operations").path(c.op());
        String where = c.op() + " " + c.method() + " " + c.path();
        assertEquals(op.path("http").path("method").asText(), c.method(), where);
        String template = op.path("http").path("requestUri").asText().replaceAll("\\{[^}]+}", "[^/?]+");
        assertTrue(c.path().split("\\?")[0].matches(template), where + " does not match " + template);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.endpoint() + c.path()))
                .header("Content-Type", "application/json");
        b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(c.body()));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = BotocoreModelIT.JSON.readTree(r.body());
        JsonNode shapes = model.path("shapes");
        if (r.statusCode() == 200) {
            if (c.expectError()) {
                problems.add(where + ": expected an error, got " + r.body());
            }
            BotocoreModelIT.check(shapes, op.path("output").path("shape").asText(), body, c.op(), problems);
        } else {
            if (!c.expectError()) {
                problems.add(where + ": unexpected error " + r.body());
            }
            String code = r.headers().firstValue("X-Amzn-ErrorType").orElse("");
            List<String> modelled = new ArrayList<>();
            op.path("errors").forEach(e -> modelled.add(e.path("shape").asText()));
            if (!modelled.contains(code)) {
                problems.add(where + ": error " + code + " is not in the model's errors " + modelled);
            } else if (shapes.path(code).path("error").path("httpStatusCode").asInt() != r.statusCode()) {
                problems.add(where + ": " + code + " answered " + r.statusCode() + ", model says "
                        + shapes.path(code).path("error").path("httpStatusCode").asInt());
            }
            if (body.path("message").asText().isEmpty()) {
                problems.add(where + ": no message in " + r.body());
            }
        }
        return problems;
    }
}
