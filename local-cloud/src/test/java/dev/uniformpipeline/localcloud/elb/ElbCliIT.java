package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's {@code aws elbv2} (AWS CLI v2, botocore's own parser) as an independent client of local-cloud. */
class ElbCliIT {
    private static final Path AWS = Path.of("/usr/bin/aws");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private Result aws(URI endpoint, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint.toString(),
                "--region", "us-east-1", "--output", "json", "elbv2"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIDLOCALCLI");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private JsonNode ok(URI endpoint, String... args) throws Exception {
        Result r = aws(endpoint, args);
        assertEquals(0, r.exit(), "aws elbv2 " + String.join(" ", args) + " failed: " + r.err());
        return r.out().isBlank() ? JSON.createObjectNode() : r.json();
    }

    @Test
    void awsCliBuildsAnAlbThatRoutesToAHealthyTargetAndSeesElbErrorCodes() throws Exception {
        assertTrue(Files.isExecutable(AWS), "this test needs Debian's AWS CLI: apt-get install -y awscli");
        try (LocalElb env = new LocalElb(50); TargetServer app = new TargetServer("cli-app")) {
            URI ep = env.cloud.endpoint();
            JsonNode lb = ok(ep, "create-load-balancer", "--name", "cli-lb", "--subnets", "subnet-1", "subnet-2")
                    .path("LoadBalancers").get(0);
            String lbArn = lb.path("LoadBalancerArn").asText();
            assertTrue(lbArn.contains(":loadbalancer/app/cli-lb/"), lbArn);
            String tgArn = ok(ep, "create-target-group", "--name", "cli-tg", "--protocol", "HTTP", "--port", "8080",
                    "--vpc-id", "vpc-1", "--target-type", "ip", "--health-check-path", "/health",
                    "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2")
                    .path("TargetGroups").get(0).path("TargetGroupArn").asText();
            String listenerArn = ok(ep, "create-listener", "--load-balancer-arn", lbArn, "--protocol", "HTTP",
                    "--port", "80", "--default-actions", "Type=fixed-response,FixedResponseConfig={StatusCode=404}")
                    .path("Listeners").get(0).path("ListenerArn").asText();
            JsonNode rule = ok(ep, "create-rule", "--listener-arn", listenerArn, "--priority", "5",
                    "--conditions", "Field=path-pattern,PathPatternConfig={Values=['/app/*']}",
                    "--actions", "Type=forward,TargetGroupArn=" + tgArn).path("Rules").get(0);
            assertEquals("5", rule.path("Priority").asText());
            assertEquals("/app/*", rule.path("Conditions").get(0).path("PathPatternConfig").path("Values").get(0)
                    .asText());
            ok(ep, "register-targets", "--target-group-arn", tgArn, "--targets",
                    "Id=127.0.0.1,Port=" + app.port());

            String state = "";
            for (int i = 0; i < 60 && !state.equals("healthy"); i++) {
                JsonNode d = ok(ep, "describe-target-health", "--target-group-arn", tgArn)
                        .path("TargetHealthDescriptions").get(0);
                assertEquals(String.valueOf(app.port()), d.path("HealthCheckPort").asText());
                state = d.path("TargetHealth").path("State").asText();
                assertTrue(List.of("initial", "healthy").contains(state), d.toString());
            }
            assertEquals("healthy", state);

            HttpClient http = HttpClient.newHttpClient();
            String dns = lb.path("DNSName").asText();
            HttpResponse<String> routed = http.send(HttpRequest.newBuilder(URI.create("http://" + dns + "/app/x"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("cli-app /app/x", routed.body());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://" + dns + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            Result dup = aws(ep, "create-rule", "--listener-arn", listenerArn, "--priority", "5",
                    "--conditions", "Field=path-pattern,Values=/b", "--actions", "Type=forward,TargetGroupArn=" + tgArn);
            assertNotEquals(0, dup.exit());
            assertTrue(dup.err().contains("(PriorityInUse)"), dup.err());
            Result missing = aws(ep, "describe-target-groups", "--names", "nope");
            assertNotEquals(0, missing.exit());
            assertTrue(missing.err().contains("(TargetGroupNotFound)"), missing.err());
            Result invalid = aws(ep, "modify-target-group", "--target-group-arn", tgArn,
                    "--health-check-interval-seconds", "400");
            assertNotEquals(0, invalid.exit());
            assertTrue(invalid.err().contains("(ValidationError)"), invalid.err());
        }
    }
}
