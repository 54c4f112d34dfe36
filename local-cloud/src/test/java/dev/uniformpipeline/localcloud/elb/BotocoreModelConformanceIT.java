package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.ScaledClock;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Checks what ElbService answers against AWS's own ELBv2 model (Debian's python3-botocore): every result
 * element, list and value must fit the operation's output shape, and every error code the service can
 * raise must be one the model defines.
 */
class BotocoreModelConformanceIT {
    private static final Path MODEL =
            Path.of("/usr/lib/python3/dist-packages/botocore/data/elbv2/2015-12-01/service-2.json");
    private static final RequestContext CTX = new RequestContext("us-east-1", "123456789012", "AKID", "r");

    private static JsonNode model() throws Exception {
        assertTrue(Files.isRegularFile(MODEL), "this test needs AWS's model: apt-get install -y python3-botocore");
        return new ObjectMapper().readTree(MODEL.toFile());
    }

    @Test
    void everyErrorCodeTheServiceRaisesIsInTheModel() throws Exception {
        JsonNode m = model();
        Set<String> modelCodes = new HashSet<>();
        m.path("shapes").forEach(s -> {
            if (s.path("exception").asBoolean()) {
                modelCodes.add(s.path("error").path("code").asText());
            }
        });
        // Common awsQuery errors every AWS query service answers, not listed per service.
        modelCodes.addAll(List.of("ValidationError", "InvalidAction", "Throttling"));
        Path src = Path.of("src/main/java/dev/uniformpipeline/localcloud/elb");
        Pattern code = Pattern.compile("client\\(\\s*\"([A-Za-z]+)\"");
        Set<String> used = new HashSet<>();
        for (Path f : List.of(src.resolve("ElbService.java"), src.resolve("Errors.java"))) {
            Matcher mm = code.matcher(Files.readString(f));
            while (mm.find()) {
                used.add(mm.group(1));
            }
        }
        assertTrue(used.size() > 15, "found the codes in the source: " + used);
        for (String c : used) {
            assertTrue(modelCodes.contains(c), "error code " + c + " is not in AWS's ELBv2 model");
        }
    }

    @Test
    void everyResultFitsTheOperationOutputShape() throws Exception {
        JsonNode m = model();
        try (TargetServer app = new TargetServer("shape");
                ElbService elb = ElbService.builder(new ScaledClock(50)).build()) {
            Map<String, String> results = new LinkedHashMap<>();
            String lbXml = call(elb, results, "CreateLoadBalancer", "Name", "shape", "Subnets.member.1", "subnet-1",
                    "SecurityGroups.member.1", "sg-1", "Tags.member.1.Key", "k", "Tags.member.1.Value", "v");
            String lb = between(lbXml, "LoadBalancerArn");
            String tgXml = call(elb, results, "CreateTargetGroup", "Name", "shape", "Protocol", "HTTP", "Port", "80",
                    "VpcId", "vpc-1", "TargetType", "ip", "HealthCheckPath", "/health",
                    "HealthCheckIntervalSeconds", "5", "HealthCheckTimeoutSeconds", "2");
            String tg = between(tgXml, "TargetGroupArn");
            String tg2 = between(call(elb, results, "CreateTargetGroup", "Name", "shape2", "Protocol", "HTTP",
                    "Port", "80", "VpcId", "vpc-1", "TargetType", "ip"), "TargetGroupArn");
            String listener = between(call(elb, results, "CreateListener", "LoadBalancerArn", lb, "Protocol", "HTTP",
                    "Port", "80", "DefaultActions.member.1.Type", "forward",
                    "DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn", tg,
                    "DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "3",
                    "DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn", tg2,
                    "DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight", "1"), "ListenerArn");
            String rule = between(call(elb, results, "CreateRule", "ListenerArn", listener, "Priority", "4",
                    "Conditions.member.1.Field", "path-pattern",
                    "Conditions.member.1.PathPatternConfig.Values.member.1", "/a/*",
                    "Conditions.member.2.Field", "query-string",
                    "Conditions.member.2.QueryStringConfig.Values.member.1.Key", "v",
                    "Conditions.member.2.QueryStringConfig.Values.member.1.Value", "1",
                    "Actions.member.1.Type", "fixed-response",
                    "Actions.member.1.FixedResponseConfig.StatusCode", "200",
                    "Actions.member.1.FixedResponseConfig.MessageBody", "ok"), "RuleArn");
            call(elb, results, "CreateRule", "ListenerArn", listener, "Priority", "5",
                    "Conditions.member.1.Field", "host-header", "Conditions.member.1.Values.member.1", "a.example.com",
                    "Conditions.member.2.Field", "source-ip",
                    "Conditions.member.2.SourceIpConfig.Values.member.1", "10.0.0.0/8",
                    "Conditions.member.3.Field", "http-header",
                    "Conditions.member.3.HttpHeaderConfig.HttpHeaderName", "X-A",
                    "Conditions.member.3.HttpHeaderConfig.Values.member.1", "b",
                    "Actions.member.1.Type", "redirect", "Actions.member.1.RedirectConfig.StatusCode", "HTTP_302",
                    "Actions.member.1.RedirectConfig.Protocol", "HTTPS");
            call(elb, results, "RegisterTargets", "TargetGroupArn", tg, "Targets.member.1.Id", "127.0.0.1",
                    "Targets.member.1.Port", String.valueOf(app.port()));
            call(elb, results, "DescribeLoadBalancers");
            call(elb, results, "DescribeLoadBalancerAttributes", "LoadBalancerArn", lb);
            call(elb, results, "ModifyLoadBalancerAttributes", "LoadBalancerArn", lb,
                    "Attributes.member.1.Key", "idle_timeout.timeout_seconds", "Attributes.member.1.Value", "30");
            call(elb, results, "DescribeTargetGroups", "LoadBalancerArn", lb);
            call(elb, results, "ModifyTargetGroup", "TargetGroupArn", tg, "Matcher.HttpCode", "200-299");
            call(elb, results, "DescribeTargetGroupAttributes", "TargetGroupArn", tg);
            call(elb, results, "ModifyTargetGroupAttributes", "TargetGroupArn", tg,
                    "Attributes.member.1.Key", "deregistration_delay.timeout_seconds", "Attributes.member.1.Value", "5");
            call(elb, results, "DescribeTargetHealth", "TargetGroupArn", tg);
            call(elb, results, "DescribeListeners", "LoadBalancerArn", lb);
            call(elb, results, "ModifyListener", "ListenerArn", listener, "Port", "8080");
            call(elb, results, "DescribeRules", "ListenerArn", listener);
            call(elb, results, "ModifyRule", "RuleArn", rule, "Conditions.member.1.Field", "path-pattern",
                    "Conditions.member.1.PathPatternConfig.Values.member.1", "/b/*");
            call(elb, results, "SetRulePriorities", "RulePriorities.member.1.RuleArn", rule,
                    "RulePriorities.member.1.Priority", "9");
            call(elb, results, "AddTags", "ResourceArns.member.1", tg, "Tags.member.1.Key", "team",
                    "Tags.member.1.Value", "x");
            call(elb, results, "DescribeTags", "ResourceArns.member.1", tg, "ResourceArns.member.2", lb);
            call(elb, results, "RemoveTags", "ResourceArns.member.1", tg, "TagKeys.member.1", "team");
            call(elb, results, "DeregisterTargets", "TargetGroupArn", tg, "Targets.member.1.Id", "127.0.0.1",
                    "Targets.member.1.Port", String.valueOf(app.port()));
            call(elb, results, "DescribeTargetHealth", "TargetGroupArn", tg);
            call(elb, results, "DeleteRule", "RuleArn", rule);
            call(elb, results, "DeleteListener", "ListenerArn", listener);
            call(elb, results, "DeleteTargetGroup", "TargetGroupArn", tg2);
            call(elb, results, "DeleteLoadBalancer", "LoadBalancerArn", lb);

            List<String> problems = new ArrayList<>();
            int checked = 0;
            for (Map.Entry<String, String> e : results.entrySet()) {
                String action = e.getKey().replaceAll("#\\d+$", "");
                JsonNode op = m.path("operations").path(action);
                assertTrue(op.isObject(), action + " is an ELBv2 operation");
                String output = op.path("output").path("shape").asText();
                Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new InputSource(new StringReader("<R>" + e.getValue() + "</R>"))).getDocumentElement();
                checked += check(m.path("shapes"), output, root, action, problems);
            }
            if (!problems.isEmpty()) {
                fail(String.join("\n", problems));
            }
            assertTrue(checked > 250, "values checked: " + checked);
            assertEquals(29, results.size(), "every call of the scenario was checked");
        }
    }

    private static String call(ElbService elb, Map<String, String> results, String action, String... kv)
            throws AwsException {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        String xml = elb.call(action, p, CTX);
        String key = action;
        for (int n = 2; results.containsKey(key); n++) {
            key = action + "#" + n;
        }
        results.put(key, xml);
        return xml;
    }

    private static String between(String xml, String element) {
        int a = xml.indexOf("<" + element + ">") + element.length() + 2;
        return xml.substring(a, xml.indexOf("</" + element + ">", a));
    }

    /** Validates an element against a shape; returns how many leaf values were checked. */
    private static int check(JsonNode shapes, String shapeName, Element e, String path, List<String> problems) {
        JsonNode shape = shapes.path(shapeName);
        String type = shape.path("type").asText();
        int n = 0;
        switch (type) {
            case "structure" -> {
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element child) {
                        JsonNode member = shape.path("members").path(child.getTagName());
                        if (member.isMissingNode()) {
                            problems.add(path + "/" + child.getTagName() + ": not a member of " + shapeName);
                        } else {
                            n += check(shapes, member.path("shape").asText(), child, path + "/" + child.getTagName(),
                                    problems);
                        }
                    }
                }
            }
            case "list" -> {
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element child) {
                        if (!child.getTagName().equals("member")) {
                            problems.add(path + "/" + child.getTagName() + ": list items must be <member>");
                        } else {
                            n += check(shapes, shape.path("member").path("shape").asText(), child, path + "/member",
                                    problems);
                        }
                    }
                }
            }
            default -> {
                String v = e.getTextContent();
                n++;
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element) {
                        problems.add(path + ": scalar " + shapeName + " has child elements");
                    }
                }
                try {
                    switch (type) {
                        case "integer", "long" -> Long.parseLong(v);
                        case "boolean" -> {
                            if (!v.equals("true") && !v.equals("false")) {
                                problems.add(path + ": boolean '" + v + "'");
                            }
                        }
                        case "timestamp" -> Instant.parse(v);
                        default -> {
                            if (shape.has("enum")) {
                                boolean ok = false;
                                for (JsonNode en : shape.path("enum")) {
                                    ok |= en.asText().equals(v);
                                }
                                if (!ok) {
                                    problems.add(path + ": '" + v + "' not in enum " + shape.path("enum"));
                                }
                            }
                        }
                    }
                } catch (RuntimeException ex) {
                    problems.add(path + ": '" + v + "' is not a valid " + type);
                }
            }
        }
        return n;
    }
}
