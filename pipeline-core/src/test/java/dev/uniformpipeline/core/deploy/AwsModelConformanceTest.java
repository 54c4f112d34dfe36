package dev.uniformpipeline.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer;
import dev.uniformpipeline.core.deploy.DeployTarget.Network;
import dev.uniformpipeline.core.deploy.DeployTarget.NetworkMode;
import dev.uniformpipeline.core.deploy.ServiceIntent.EfsVolume;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Splunk;

/**
 * Checks every rendered AWS document against AWS's own API models, independently of the AWS SDK that wrote
 * them: the botocore {@code service-2.json} files of Debian's {@code python3-botocore} (member names, required
 * members, enum values, length and range limits, types).
 */
class AwsModelConformanceTest {
    static final Path BOTOCORE = Path.of(System.getProperty("botocore.data", "/usr/lib/python3/dist-packages/botocore/data"));
    static final ObjectMapper JSON = new ObjectMapper();

    /** Document prefix to (service folder, operation). */
    static final Map<String, String[]> OPS = Map.ofEntries(
            Map.entry("ecs/register-task-definition.json", new String[] {"ecs", "RegisterTaskDefinition"}),
            Map.entry("ecs/create-service.json", new String[] {"ecs", "CreateService"}),
            Map.entry("ecs/update-service.json", new String[] {"ecs", "UpdateService"}),
            Map.entry("elbv2/create-target-group.json", new String[] {"elbv2", "CreateTargetGroup"}),
            Map.entry("elbv2/modify-target-group.json", new String[] {"elbv2", "ModifyTargetGroup"}),
            Map.entry("elbv2/modify-target-group-attributes.json", new String[] {"elbv2", "ModifyTargetGroupAttributes"}),
            Map.entry("elbv2/create-rule.json", new String[] {"elbv2", "CreateRule"}),
            Map.entry("logs/create-log-group.json", new String[] {"logs", "CreateLogGroup"}),
            Map.entry("logs/put-retention-policy.json", new String[] {"logs", "PutRetentionPolicy"}),
            Map.entry("application-autoscaling/register-scalable-target.json", new String[] {"application-autoscaling", "RegisterScalableTarget"}),
            Map.entry("application-autoscaling/put-scaling-policy-cpu.json", new String[] {"application-autoscaling", "PutScalingPolicy"}),
            Map.entry("application-autoscaling/put-scaling-policy-memory.json", new String[] {"application-autoscaling", "PutScalingPolicy"}),
            Map.entry("application-autoscaling/put-scaling-policy-requests.json", new String[] {"application-autoscaling", "PutScalingPolicy"}));

    /**
     * Required members the deployer fills in: a listener rule's Priority is the lowest free one when the pipeline
     * file names none (the rendering cannot know which are taken).
     */
    static final Set<String> FILLED_BY_DEPLOYER = Set.of("CreateRule.Priority");

    private final Map<String, JsonNode> models = new HashMap<>();

    private JsonNode model(String service) throws IOException {
        JsonNode m = models.get(service);
        if (m == null) {
            Path dir = BOTOCORE.resolve(service);
            if (!Files.isDirectory(dir)) {
                fail("AWS API models not found at " + dir + ": install Debian's python3-botocore (apt-get install -y python3-botocore)"
                        + " or point -Dbotocore.data at a botocore/data folder");
            }
            Path file;
            try (Stream<Path> versions = Files.list(dir)) {
                file = versions.sorted().reduce((a, b) -> b).orElseThrow().resolve("service-2.json");
            }
            m = JSON.readTree(file.toFile());
            models.put(service, m);
        }
        return m;
    }

    static List<RenderInput> variety() {
        ServiceIntent s = Fixtures.orders();
        String listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2";
        return List.of(
                Fixtures.input(Fixtures.fargate()),
                Fixtures.input(Fixtures.ecsEc2()),
                Fixtures.input(Fixtures.ecsEc2().toBuilder().network(new Network(NetworkMode.BRIDGE, List.of(), List.of(), false))
                        .capacityProviders(List.of()).loadBalancer(LoadBalancer.rule(listener, "/orders/*", null)).build()),
                Fixtures.input(Fixtures.fargate()).withService(s.toBuilder()
                        .logging(Logging.firelens("/uniform/orders").withRetentionDays(14))
                        .autoscaling(new ServiceIntent.Autoscaling(2, 6, 60, 70, null, null, 1000))
                        .scratchVolume(new ServiceIntent.ScratchVolume("tmp", "/tmp/work", false, null, 256))
                        .sidecar(new ServiceIntent.Sidecar("envoy", "envoy:v1", null, 128, null, true, false, List.of(9901),
                                List.of(new ServiceIntent.Dependency("orders", "START"))))
                        .volume(new EfsVolume("data", "fs-0123456789abcdef0", null, "fsap-0123456789abcdef0", true, null, "/data", true))
                        .healthCheck(s.healthCheck().withCommand(List.of("CMD-SHELL", "curl -fs localhost:8080/health")))
                        .build()),
                Fixtures.input(Fixtures.ecsEc2().toBuilder().loadBalancer(new LoadBalancer(Fixtures.TG_ARN, null, null, null, null, null,
                        null, true)).build()).withService(s.toBuilder()
                        .scratchVolume(new ServiceIntent.ScratchVolume("scratch", "/var/tmp/x", false, "/mnt/x", null)).build()),
                Fixtures.input(Fixtures.ecsEc2()).withService(s.toBuilder().logging(Logging.splunk(new Splunk(
                        "https://splunk.example.com:8088", "arn:aws:ssm:eu-west-1:123456789012:parameter/splunk/hec", "main",
                        "orders", "orders:app", "json"))).build()),
                Fixtures.input(Fixtures.eks().toBuilder().loadBalancer(LoadBalancer.rule(listener, "/orders/*", "vpc-0abc")).build()));
    }

    @Test
    void everyRenderedAwsDocumentConformsToTheAwsApiModel() throws Exception {
        int checked = 0;
        for (RenderInput in : variety()) {
            RenderedTarget t = Renderer.standard().render(in);
            for (Map.Entry<String, String> doc : t.documents().entrySet()) {
                if (doc.getKey().startsWith("k8s/")) {
                    continue;
                }
                String[] op = OPS.get(doc.getKey());
                if (op == null) {
                    fail("no API operation known for rendered document " + doc.getKey());
                }
                JsonNode model = model(op[0]);
                String inputShape = model.path("operations").path(op[1]).path("input").path("shape").asText();
                List<String> errors = new ArrayList<>();
                check(model, op[1], inputShape, JSON.readTree(doc.getValue()), op[1], errors);
                assertEquals(List.of(), errors, t.target() + " " + doc.getKey());
                checked++;
            }
        }
        assertTrue(checked >= 40, "checked only " + checked + " documents");
    }

    @Test
    void theCheckCatchesAnUnknownMemberAMissingRequiredOneAndABadEnum() throws Exception {
        JsonNode model = model("ecs");
        List<String> errors = new ArrayList<>();
        JsonNode bad = JSON.readTree("{\"family\":\"x\",\"containerDefinitions\":[{\"name\":\"a\",\"imageUri\":\"i\"}],"
                + "\"networkMode\":\"vpc\"}");
        check(model, "RegisterTaskDefinition", "RegisterTaskDefinitionRequest", bad, "RegisterTaskDefinition", errors);
        assertEquals(2, errors.size(), errors.toString());
        errors.clear();
        check(model, "CreateService", "CreateServiceRequest", JSON.readTree("{\"cluster\":\"c\"}"), "CreateService", errors);
        assertTrue(errors.stream().anyMatch(e -> e.contains("serviceName")), errors.toString());
    }

    private void check(JsonNode model, String op, String shapeName, JsonNode value, String path, List<String> errors) {
        JsonNode shape = model.path("shapes").path(shapeName);
        String type = shape.path("type").asText();
        switch (type) {
            case "structure" -> {
                if (!value.isObject()) {
                    errors.add(path + ": expected an object");
                    return;
                }
                JsonNode members = shape.path("members");
                for (JsonNode req : shape.path("required")) {
                    if (!value.has(req.asText()) && !FILLED_BY_DEPLOYER.contains(path + "." + req.asText())) {
                        errors.add(path + ": required member " + req.asText() + " missing");
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String memberShape = memberShape(members, e.getKey());
                    if (memberShape == null) {
                        errors.add(path + ": " + e.getKey() + " is not a member of " + shapeName);
                    } else {
                        check(model, op, memberShape, e.getValue(), path + "." + e.getKey(), errors);
                    }
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected a list");
                    return;
                }
                range(shape, value.size(), path + " length", errors);
                for (int i = 0; i < value.size(); i++) {
                    check(model, op, shape.path("member").path("shape").asText(), value.get(i), path + "[" + i + "]", errors);
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    errors.add(path + ": expected a map");
                    return;
                }
                value.fields().forEachRemaining(e -> {
                    check(model, op, shape.path("key").path("shape").asText(), JSON.getNodeFactory().textNode(e.getKey()),
                            path + " key", errors);
                    check(model, op, shape.path("value").path("shape").asText(), e.getValue(), path + "." + e.getKey(), errors);
                });
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string, got " + value);
                    return;
                }
                if (Placeholders.isPlaceholder(value.asText())) {
                    return;
                }
                if (shape.has("enum")) {
                    boolean ok = false;
                    for (JsonNode e : shape.path("enum")) {
                        ok |= e.asText().equals(value.asText());
                    }
                    if (!ok) {
                        errors.add(path + ": '" + value.asText() + "' is not one of " + shape.path("enum"));
                    }
                }
                range(shape, value.asText().length(), path + " length", errors);
                if (shape.has("pattern") && !value.asText().matches(shape.path("pattern").asText())) {
                    errors.add(path + ": '" + value.asText() + "' does not match " + shape.path("pattern").asText());
                }
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer, got " + value);
                    return;
                }
                range(shape, value.asLong(), path, errors);
            }
            case "double", "float" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean, got " + value);
                }
            }
            default -> errors.add(path + ": unchecked shape type " + type + " (" + shapeName + ")");
        }
    }

    private static String memberShape(JsonNode members, String wireName) {
        for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            String loc = m.getValue().path("locationName").asText(m.getKey());
            if (m.getKey().equals(wireName) || loc.equals(wireName)) {
                return m.getValue().path("shape").asText();
            }
        }
        return null;
    }

    private static void range(JsonNode shape, long v, String path, List<String> errors) {
        if (shape.has("min") && v < shape.path("min").asLong()) {
            errors.add(path + ": " + v + " is below the minimum " + shape.path("min").asLong());
        }
        if (shape.has("max") && v > shape.path("max").asLong()) {
            errors.add(path + ": " + v + " is above the maximum " + shape.path("max").asLong());
        }
    }
}
