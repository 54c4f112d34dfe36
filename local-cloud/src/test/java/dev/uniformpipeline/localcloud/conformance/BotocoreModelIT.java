package dev.uniformpipeline.localcloud.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.QueryProtocolService;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Checks local-cloud's answers against AWS's own API models (Debian package python3-botocore): the protocol
 * metadata of each service, every member of every successful response (known member, right JSON type, enum
 * value, required members present) and every error code (in the operation's modelled errors, or one of AWS's
 * documented common errors).
 */
class BotocoreModelIT {
    static final Path DATA = Path.of("/usr/lib/python3/dist-packages/botocore/data");
    static final ObjectMapper JSON = new ObjectMapper();
    /** https://docs.aws.amazon.com/.../CommonErrors.html: errors any operation may return. */
    static final Set<String> COMMON = Set.of("AccessDeniedException", "IncompleteSignature", "InternalFailure",
            "InvalidAction", "InvalidClientTokenId", "NotAuthorized", "OptInRequired", "RequestExpired",
            "ServiceUnavailable", "ThrottlingException", "Throttling", "ValidationError", "ValidationException",
            "MissingAction", "MissingParameter", "InvalidParameterValue", "ExpiredToken");
    static LocalCloud cloud;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        assertTrue(Files.isDirectory(DATA), DATA + " is missing: install the Debian package python3-botocore");
        cloud = LocalCloud.builder().start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    static JsonNode model(String service, String version) throws IOException {
        return JSON.readTree(DATA.resolve(service).resolve(version).resolve("service-2.json").toFile());
    }

    @Test
    void protocolMetadataMatchesTheModels() throws IOException {
        Map<String, String> jsonModels = Map.of("logs", "logs/2014-03-28", "application-autoscaling",
                "application-autoscaling/2016-02-06", "events", "events/2015-10-07");
        int seen = 0;
        for (Object s : cloud.services()) {
            if (s instanceof JsonProtocolService j && jsonModels.containsKey(j.signingName())) {
                String[] p = jsonModels.get(j.signingName()).split("/");
                JsonNode meta = model(p[0], p[1]).path("metadata");
                assertEquals("json", meta.path("protocol").asText());
                assertEquals(meta.path("targetPrefix").asText(), j.targetPrefix());
                assertEquals(meta.path("jsonVersion").asText(), j.jsonVersion());
                assertEquals(meta.path("signingName").asText(meta.path("endpointPrefix").asText()), j.signingName());
                seen++;
            }
            if (s instanceof QueryProtocolService q && q.signingName().equals("sts")) {
                JsonNode meta = model("sts", "2011-06-15").path("metadata");
                assertEquals("query", meta.path("protocol").asText());
                assertEquals(meta.path("apiVersion").asText(), q.apiVersion());
                assertEquals(meta.path("xmlNamespace").asText(), q.xmlNamespace());
                assertEquals(meta.path("endpointPrefix").asText(), q.signingName());
                seen++;
            }
        }
        assertEquals(4, seen);
    }

    // ---------------------------------------------------------------- JSON services

    record Call(String op, String input, boolean expectError) {
    }

    static Call ok(String op, String input) {
        return new Call(op, input, false);
    }

    static Call err(String op, String input) {
        return new Call(op, input, true);
    }

    @Test
    void logsResponsesAndErrorsConformToTheModel() throws Exception {
        long now = cloud.clock().now().toEpochMilli();
        run("logs", "2014-03-28", "Logs_20140328", List.of(
                ok("CreateLogGroup", "{\"logGroupName\":\"/m/a\",\"tags\":{\"team\":\"x\"}}"),
                err("CreateLogGroup", "{\"logGroupName\":\"/m/a\"}"),
                err("CreateLogGroup", "{\"logGroupName\":\"bad name\"}"),
                ok("DescribeLogGroups", "{\"logGroupNamePrefix\":\"/m/\"}"),
                ok("PutRetentionPolicy", "{\"logGroupName\":\"/m/a\",\"retentionInDays\":7}"),
                err("PutRetentionPolicy", "{\"logGroupName\":\"/m/a\",\"retentionInDays\":8}"),
                ok("DescribeLogGroups", "{}"),
                ok("CreateLogStream", "{\"logGroupName\":\"/m/a\",\"logStreamName\":\"s\"}"),
                err("CreateLogStream", "{\"logGroupName\":\"/m/a\",\"logStreamName\":\"s\"}"),
                err("CreateLogStream", "{\"logGroupName\":\"/m/none\",\"logStreamName\":\"s\"}"),
                ok("PutLogEvents", "{\"logGroupName\":\"/m/a\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":"
                        + now + ",\"message\":\"ERROR x\"},{\"timestamp\":" + (now + 10_000_000) + ",\"message\":\"y\"}]}"),
                err("PutLogEvents", "{\"logGroupName\":\"/m/a\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":"
                        + now + ",\"message\":\"b\"},{\"timestamp\":" + (now - 1) + ",\"message\":\"a\"}]}"),
                err("PutLogEvents", "{\"logGroupName\":\"/m/a\",\"logStreamName\":\"none\",\"logEvents\":[{"
                        + "\"timestamp\":" + now + ",\"message\":\"a\"}]}"),
                ok("DescribeLogStreams", "{\"logGroupName\":\"/m/a\",\"orderBy\":\"LastEventTime\",\"descending\":true}"),
                err("DescribeLogStreams", "{\"logGroupName\":\"/m/a\",\"orderBy\":\"LastEventTime\","
                        + "\"logStreamNamePrefix\":\"s\"}"),
                ok("GetLogEvents", "{\"logGroupName\":\"/m/a\",\"logStreamName\":\"s\",\"startFromHead\":true}"),
                err("GetLogEvents", "{\"logGroupName\":\"/m/a\",\"logStreamName\":\"none\"}"),
                ok("FilterLogEvents", "{\"logGroupName\":\"/m/a\",\"filterPattern\":\"ERROR\"}"),
                err("FilterLogEvents", "{\"logGroupName\":\"/m/none\"}"),
                ok("DeleteRetentionPolicy", "{\"logGroupName\":\"/m/a\"}"),
                err("DeleteRetentionPolicy", "{\"logGroupName\":\"/m/none\"}"),
                ok("DeleteLogGroup", "{\"logGroupName\":\"/m/a\"}"),
                err("DeleteLogGroup", "{\"logGroupName\":\"/m/a\"}")));
    }

    @Test
    void applicationAutoScalingResponsesAndErrorsConformToTheModel() throws Exception {
        String t = "\"ServiceNamespace\":\"ecs\",\"ResourceId\":\"service/c/m\",\"ScalableDimension\":"
                + "\"ecs:service:DesiredCount\"";
        run("application-autoscaling", "2016-02-06", "AnyScaleFrontendService", List.of(
                err("PutScalingPolicy", "{\"PolicyName\":\"p\"," + t + ",\"PolicyType\":\"TargetTrackingScaling\","
                        + "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":50,"
                        + "\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ECSServiceAverageCPUUtilization\"}}}"),
                ok("RegisterScalableTarget", "{" + t + ",\"MinCapacity\":1,\"MaxCapacity\":3}"),
                err("RegisterScalableTarget", "{" + t + ",\"MinCapacity\":4,\"MaxCapacity\":3}"),
                err("RegisterScalableTarget", "{\"ServiceNamespace\":\"nope\",\"ResourceId\":\"x\","
                        + "\"ScalableDimension\":\"y\"}"),
                ok("DescribeScalableTargets", "{\"ServiceNamespace\":\"ecs\"}"),
                ok("PutScalingPolicy", "{\"PolicyName\":\"p\"," + t + ",\"PolicyType\":\"TargetTrackingScaling\","
                        + "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":50,\"ScaleInCooldown\":300,"
                        + "\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ALBRequestCountPerTarget\","
                        + "\"ResourceLabel\":\"app/lb/0123abcd/targetgroup/tg/4567ef\"}}}"),
                ok("PutScalingPolicy", "{\"PolicyName\":\"s\"," + t + ",\"PolicyType\":\"StepScaling\","
                        + "\"StepScalingPolicyConfiguration\":{\"AdjustmentType\":\"ChangeInCapacity\",\"Cooldown\":60,"
                        + "\"StepAdjustments\":[{\"MetricIntervalLowerBound\":0,\"ScalingAdjustment\":1}]}}"),
                err("PutScalingPolicy", "{\"PolicyName\":\"bad\"," + t + ",\"PolicyType\":\"StepScaling\"}"),
                ok("DescribeScalingPolicies", "{\"ServiceNamespace\":\"ecs\"}"),
                ok("PutScheduledAction", "{\"ScheduledActionName\":\"a\"," + t + ",\"Schedule\":\"cron(0 1 * * ? *)\","
                        + "\"ScalableTargetAction\":{\"MinCapacity\":1,\"MaxCapacity\":2}}"),
                err("PutScheduledAction", "{\"ScheduledActionName\":\"b\"," + t + ",\"Schedule\":\"tomorrow\"}"),
                ok("DescribeScheduledActions", "{\"ServiceNamespace\":\"ecs\"}"),
                ok("DeleteScheduledAction", "{\"ScheduledActionName\":\"a\"," + t + "}"),
                err("DeleteScheduledAction", "{\"ScheduledActionName\":\"a\"," + t + "}"),
                ok("DeleteScalingPolicy", "{\"PolicyName\":\"p\"," + t + "}"),
                err("DeleteScalingPolicy", "{\"PolicyName\":\"p\"," + t + "}"),
                ok("DeregisterScalableTarget", "{" + t + "}"),
                err("DeregisterScalableTarget", "{" + t + "}")));
    }

    @Test
    void eventBridgeResponsesAndErrorsConformToTheModel() throws Exception {
        String ecs = "{\"Id\":\"e\",\"Arn\":\"arn:aws:ecs:us-east-1:000000000000:cluster/c\",\"RoleArn\":\"r\","
                + "\"EcsParameters\":{\"TaskDefinitionArn\":\"td:1\",\"NetworkConfiguration\":{\"awsvpcConfiguration\":"
                + "{\"Subnets\":[\"s-1\"]}}}}";
        run("events", "2015-10-07", "AWSEvents", List.of(
                ok("PutRule", "{\"Name\":\"m\",\"ScheduleExpression\":\"rate(1 day)\",\"Description\":\"d\"}"),
                err("PutRule", "{\"Name\":\"m2\",\"ScheduleExpression\":\"rate(1 days)\"}"),
                err("PutRule", "{\"Name\":\"m3\",\"EventPattern\":\"{\\\"source\\\":\\\"x\\\"}\"}"),
                ok("PutRule", "{\"Name\":\"p\",\"EventPattern\":\"{\\\"source\\\":[\\\"x\\\"]}\"}"),
                ok("DescribeRule", "{\"Name\":\"m\"}"),
                err("DescribeRule", "{\"Name\":\"none\"}"),
                ok("ListRules", "{}"),
                ok("PutTargets", "{\"Rule\":\"m\",\"Targets\":[" + ecs + ",{\"Id\":\"bad\",\"Arn\":"
                        + "\"arn:aws:ecs:us-east-1:000000000000:cluster/c\"}]}"),
                err("PutTargets", "{\"Rule\":\"none\",\"Targets\":[" + ecs + "]}"),
                ok("ListTargetsByRule", "{\"Rule\":\"m\"}"),
                err("ListTargetsByRule", "{\"Rule\":\"none\"}"),
                ok("PutTargets", "{\"Rule\":\"p\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"arn:aws:sns:us-east-1:0:t\"}]}"),
                ok("PutEvents", "{\"Entries\":[{\"Source\":\"x\",\"DetailType\":\"t\",\"Detail\":\"{}\"},"
                        + "{\"Source\":\"aws.x\",\"DetailType\":\"t\",\"Detail\":\"{}\"}]}"),
                err("DeleteRule", "{\"Name\":\"m\"}"),
                ok("DisableRule", "{\"Name\":\"m\"}"),
                err("EnableRule", "{\"Name\":\"none\"}"),
                ok("RemoveTargets", "{\"Rule\":\"m\",\"Ids\":[\"e\"]}"),
                ok("DeleteRule", "{\"Name\":\"m\"}")));
    }

    void run(String service, String version, String prefix, List<Call> calls) throws Exception {
        JsonNode model = model(service, version);
        JsonNode shapes = model.path("shapes");
        List<String> problems = new ArrayList<>();
        for (Call c : calls) {
            JsonNode op = model.path("operations").path(c.op());
            assertTrue(op.isObject(), c.op() + " is not an operation of " + service);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(cloud.endpoint())
                    .header("X-Amz-Target", prefix + "." + c.op())
                    .header("Content-Type", "application/x-amz-json-" + model.path("metadata").path("jsonVersion")
                            .asText())
                    .POST(HttpRequest.BodyPublishers.ofString(c.input())).build(), HttpResponse.BodyHandlers.ofString());
            String where = service + " " + c.op() + " " + c.input();
            assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent(), where + ": no request id");
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() == 200) {
                if (c.expectError()) {
                    problems.add(where + ": expected an error, got " + r.body());
                }
                String out = op.path("output").path("shape").asText(null);
                if (out != null) {
                    check(shapes, out, body, c.op(), problems);
                } else if (!body.isEmpty()) {
                    problems.add(where + ": operation has no output but answered " + r.body());
                }
            } else {
                if (!c.expectError()) {
                    problems.add(where + ": unexpected error " + r.body());
                }
                String code = body.path("__type").asText();
                List<String> modelled = new ArrayList<>();
                op.path("errors").forEach(e -> modelled.add(e.path("shape").asText()));
                if (!modelled.contains(code) && !COMMON.contains(code)) {
                    problems.add(where + ": error " + code + " is not in the model's errors " + modelled);
                }
                if (r.statusCode() != 400 || body.path("message").asText().isEmpty()) {
                    problems.add(where + ": client errors are 400 with a message: " + r.statusCode() + " " + r.body());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Strict check of a JSON value against a model shape (JSON protocol: timestamps are numbers). */
    static void check(JsonNode shapes, String shapeName, JsonNode v, String path, List<String> problems) {
        JsonNode shape = shapes.path(shapeName);
        String type = shape.path("type").asText();
        switch (type) {
            case "structure" -> {
                if (!v.isObject()) {
                    problems.add(path + ": expected an object (" + shapeName + ")");
                    return;
                }
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode member = shape.path("members").path(f.getKey());
                    if (member.isMissingNode()) {
                        problems.add(path + "." + f.getKey() + ": not a member of " + shapeName);
                    } else {
                        check(shapes, member.path("shape").asText(), f.getValue(), path + "." + f.getKey(), problems);
                    }
                }
                shape.path("required").forEach(req -> {
                    if (!v.has(req.asText())) {
                        problems.add(path + ": required member " + req.asText() + " of " + shapeName + " missing");
                    }
                });
            }
            case "list" -> {
                if (!v.isArray()) {
                    problems.add(path + ": expected a list (" + shapeName + ")");
                    return;
                }
                int i = 0;
                for (JsonNode e : v) {
                    check(shapes, shape.path("member").path("shape").asText(), e, path + "[" + i++ + "]", problems);
                }
            }
            case "map" -> {
                if (!v.isObject()) {
                    problems.add(path + ": expected a map (" + shapeName + ")");
                    return;
                }
                v.fields().forEachRemaining(e -> check(shapes, shape.path("value").path("shape").asText(),
                        e.getValue(), path + "." + e.getKey(), problems));
            }
            case "string" -> {
                if (!v.isTextual()) {
                    problems.add(path + ": expected a string (" + shapeName + ")");
                } else if (shape.has("enum")) {
                    boolean found = false;
                    for (JsonNode e : shape.get("enum")) {
                        found |= e.asText().equals(v.asText());
                    }
                    if (!found) {
                        problems.add(path + ": " + v.asText() + " is not in enum " + shapeName);
                    }
                }
            }
            case "integer", "long" -> {
                if (!v.isIntegralNumber()) {
                    problems.add(path + ": expected an integer (" + shapeName + "), got " + v);
                }
            }
            case "double", "float" -> {
                if (!v.isNumber()) {
                    problems.add(path + ": expected a number (" + shapeName + ")");
                }
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    problems.add(path + ": expected a boolean (" + shapeName + ")");
                }
            }
            case "timestamp" -> {
                if (!v.isNumber()) {
                    problems.add(path + ": JSON-protocol timestamps are epoch-second numbers (" + shapeName + ")");
                }
            }
            default -> {
                if (!v.isTextual()) {
                    problems.add(path + ": unexpected value for " + type + " shape " + shapeName);
                }
            }
        }
    }

    @Test
    void theShapeCheckCatchesWrongResponses() throws Exception {
        JsonNode shapes = model("logs", "2014-03-28").path("shapes");
        List<String> problems = new ArrayList<>();
        check(shapes, "DescribeLogGroupsResponse", JSON.readTree("{\"logGroups\":[{\"logGroupName\":\"a\","
                + "\"creationTime\":\"2024-01-01\",\"retention\":1}],\"next\":\"x\"}"), "r", problems);
        assertEquals(3, problems.size(), problems.toString());
    }

    // ---------------------------------------------------------------- STS (query)

    @Test
    void stsResponsesAndErrorsConformToTheModel() throws Exception {
        JsonNode model = model("sts", "2011-06-15");
        JsonNode shapes = model.path("shapes");
        Map<String, Boolean> calls = new LinkedHashMap<>();
        calls.put("Action=GetCallerIdentity&Version=2011-06-15", false);
        calls.put("Action=AssumeRole&Version=2011-06-15&RoleArn=" + enc("arn:aws:iam::123456789012:role/a/b")
                + "&RoleSessionName=sess&Policy=" + enc("{\"Version\":\"2012-10-17\"}"), false);
        calls.put("Action=AssumeRole&Version=2011-06-15&RoleArn=bad-arn-but-long-enough&RoleSessionName=sess", true);
        calls.put("Action=AssumeRole&Version=2011-06-15&RoleArn=" + enc("arn:aws:iam::123456789012:role/a")
                + "&RoleSessionName=sess&Policy=notjson", true);
        calls.put("Action=AssumeRole&Version=2011-06-15&RoleArn=" + enc("arn:aws:iam::123456789012:role/a")
                + "&RoleSessionName=sess&DurationSeconds=60", true);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Boolean> c : calls.entrySet()) {
            String action = c.getKey().substring("Action=".length(), c.getKey().indexOf('&'));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(cloud.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(c.getKey())).build(), HttpResponse.BodyHandlers.ofString());
            Element root = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(r.body()))).getDocumentElement();
            JsonNode op = model.path("operations").path(action);
            if (r.statusCode() == 200) {
                if (c.getValue()) {
                    problems.add(c.getKey() + ": expected an error");
                }
                assertEquals(action + "Response", root.getLocalName());
                assertEquals(model.path("metadata").path("xmlNamespace").asText(), root.getNamespaceURI());
                Element result = child(root, action + "Result");
                assertTrue(result != null, r.body());
                checkXml(shapes, op.path("output").path("shape").asText(), result, action, problems);
                assertTrue(child(child(root, "ResponseMetadata"), "RequestId") != null, r.body());
            } else {
                if (!c.getValue()) {
                    problems.add(c.getKey() + ": unexpected error " + r.body());
                }
                assertEquals("ErrorResponse", root.getLocalName());
                Element error = child(root, "Error");
                String code = child(error, "Code").getTextContent();
                List<String> modelled = new ArrayList<>();
                op.path("errors").forEach(e -> modelled.add(shapes.path(e.path("shape").asText()).path("error")
                        .path("code").asText(e.path("shape").asText())));
                if (!modelled.contains(code) && !COMMON.contains(code)) {
                    problems.add(c.getKey() + ": error " + code + " not in " + modelled);
                }
                assertEquals("Sender", child(error, "Type").getTextContent());
                assertTrue(child(root, "RequestId") != null);
            }
        }
        assertEquals(List.of(), problems);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && name.equals(c.getLocalName())) {
                return c;
            }
        }
        return null;
    }

    static void checkXml(JsonNode shapes, String shapeName, Element e, String path, List<String> problems) {
        JsonNode shape = shapes.path(shapeName);
        if (!"structure".equals(shape.path("type").asText())) {
            return;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                JsonNode member = shape.path("members").path(c.getLocalName());
                if (member.isMissingNode()) {
                    problems.add(path + "." + c.getLocalName() + ": not a member of " + shapeName);
                } else {
                    checkXml(shapes, member.path("shape").asText(), c, path + "." + c.getLocalName(), problems);
                }
            }
        }
        shape.path("required").forEach(req -> {
            if (child(e, req.asText()) == null) {
                problems.add(path + ": required " + req.asText() + " of " + shapeName + " missing");
            }
        });
    }
}
