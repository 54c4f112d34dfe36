package dev.uniformpipeline.localcloud.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.events.EventsService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Debian's {@code aws} CLI v2 (botocore, an independent implementation of the wire protocols) against
 * local-cloud. Needs the Debian package {@code awscli}; /usr/bin/aws is called explicitly so a pyenv shim
 * cannot shadow it.
 */
// Each aws process mostly waits (Python start-up), so the scenarios run side by side: every method is CONCURRENT,
// while the class itself stays same_thread (junit-platform.properties) so no other test class runs beside it.
class AwsCliIT {
    /** Held by the scenarios that call logs DescribeLogGroups, which the throttling scenario makes fail. */
    static final String LOGS_DESCRIBE = "local-cloud logs DescribeLogGroups";
    static final Path AWS = Path.of("/usr/bin/aws");
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalCloud cloud;
    @TempDir
    static Path home;

    record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void start() {
        assertTrue(Files.isExecutable(AWS), "/usr/bin/aws is missing: install the Debian package awscli "
                + "(apt-get install -y awscli)");
        cloud = LocalCloud.builder().start();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    static Result aws(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", cloud.endpoint().toString(),
                "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIDAWSCLI");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_RETRY_MODE", "standard");
        env.put("AWS_MAX_ATTEMPTS", "3");
        env.putAll(extraEnv);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result ok(String... args) throws Exception {
        Result r = aws(Map.of(), args);
        assertEquals(0, r.exit(), () -> "aws " + String.join(" ", args) + " failed: " + r.err());
        return r;
    }

    static void fails(String code, String... args) throws Exception {
        Result r = aws(Map.of(), args);
        assertEquals(254, r.exit(), () -> "expected a service error from aws " + String.join(" ", args) + ": " + r);
        assertTrue(r.err().contains("(" + code + ")"), () -> "expected " + code + " in: " + r.err());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void stsIdentityAndAssumedRoleInAnotherAccount() throws Exception {
        JsonNode id = ok("sts", "get-caller-identity").json();
        assertEquals("000000000000", id.path("Account").asText());
        JsonNode creds = ok("sts", "assume-role", "--role-arn", "arn:aws:iam::210987654321:role/deploy",
                "--role-session-name", "cli").json().path("Credentials");
        Result assumed = aws(Map.of("AWS_ACCESS_KEY_ID", creds.path("AccessKeyId").asText(), "AWS_SECRET_ACCESS_KEY",
                creds.path("SecretAccessKey").asText(), "AWS_SESSION_TOKEN", creds.path("SessionToken").asText()),
                "sts", "get-caller-identity");
        assertEquals(0, assumed.exit(), assumed.err());
        assertEquals("arn:aws:sts::210987654321:assumed-role/deploy/cli", assumed.json().path("Arn").asText());
        fails("ValidationError", "sts", "assume-role", "--role-arn", "arn:aws:iam::1:role/bad",
                "--role-session-name", "cli");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(LOGS_DESCRIBE)
    void logsRoundTrip() throws Exception {
        ok("logs", "create-log-group", "--log-group-name", "/cli/app");
        fails("ResourceAlreadyExistsException", "logs", "create-log-group", "--log-group-name", "/cli/app");
        fails("InvalidParameterException", "logs", "put-retention-policy", "--log-group-name", "/cli/app",
                "--retention-in-days", "2");
        ok("logs", "put-retention-policy", "--log-group-name", "/cli/app", "--retention-in-days", "14");
        ok("logs", "create-log-stream", "--log-group-name", "/cli/app", "--log-stream-name", "web/app/1");
        long t = cloud.clock().now().toEpochMilli();
        ok("logs", "put-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "web/app/1", "--log-events",
                "timestamp=" + t + ",message=ERROR boom", "timestamp=" + (t + 1) + ",message=INFO fine");
        JsonNode events = ok("logs", "get-log-events", "--log-group-name", "/cli/app", "--log-stream-name",
                "web/app/1", "--start-from-head").json().path("events");
        assertEquals(2, events.size());
        assertEquals("ERROR boom", events.get(0).path("message").asText());
        JsonNode filtered = ok("logs", "filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern",
                "ERROR").json().path("events");
        assertEquals(1, filtered.size());
        JsonNode groups = ok("logs", "describe-log-groups", "--log-group-name-prefix", "/cli/").json()
                .path("logGroups");
        assertEquals(14, groups.get(0).path("retentionInDays").asInt());
        fails("ResourceNotFoundException", "logs", "get-log-events", "--log-group-name", "/cli/none",
                "--log-stream-name", "s");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void autoScalingTargetTrackingAndSchedules() throws Exception {
        ok("application-autoscaling", "register-scalable-target", "--service-namespace", "ecs", "--resource-id",
                "service/prod/cli", "--scalable-dimension", "ecs:service:DesiredCount", "--min-capacity", "1",
                "--max-capacity", "4");
        JsonNode policy = ok("application-autoscaling", "put-scaling-policy", "--policy-name", "cpu",
                "--service-namespace", "ecs", "--resource-id", "service/prod/cli", "--scalable-dimension",
                "ecs:service:DesiredCount", "--policy-type", "TargetTrackingScaling",
                "--target-tracking-scaling-policy-configuration",
                "{\"TargetValue\":60.0,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":"
                        + "\"ECSServiceAverageCPUUtilization\"}}").json();
        assertTrue(policy.path("PolicyARN").asText().contains(":policyName/cpu"));
        fails("ValidationException", "application-autoscaling", "put-scheduled-action", "--service-namespace", "ecs",
                "--resource-id", "service/prod/cli", "--scalable-dimension", "ecs:service:DesiredCount",
                "--scheduled-action-name", "bad", "--schedule", "cron(0 20 * * * *)");
        fails("ObjectNotFoundException", "application-autoscaling", "deregister-scalable-target",
                "--service-namespace", "ecs", "--resource-id", "service/prod/none", "--scalable-dimension",
                "ecs:service:DesiredCount");
        JsonNode targets = ok("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs")
                .json().path("ScalableTargets");
        assertEquals(4, targets.get(0).path("MaxCapacity").asInt());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void eventBridgeRulesEcsTargetsAndEvents() throws Exception {
        ok("events", "put-rule", "--name", "cli-nightly", "--schedule-expression", "cron(0 2 * * ? *)");
        fails("ValidationException", "events", "put-rule", "--name", "cli-bad", "--schedule-expression",
                "rate(1 minutes)");
        JsonNode put = ok("events", "put-targets", "--rule", "cli-nightly", "--targets",
                "[{\"Id\":\"job\",\"Arn\":\"arn:aws:ecs:eu-west-1:000000000000:cluster/jobs\",\"RoleArn\":"
                        + "\"arn:aws:iam::000000000000:role/events\",\"EcsParameters\":{\"TaskDefinitionArn\":"
                        + "\"arn:aws:ecs:eu-west-1:000000000000:task-definition/job:1\",\"LaunchType\":\"FARGATE\","
                        + "\"NetworkConfiguration\":{\"awsvpcConfiguration\":{\"Subnets\":[\"subnet-1\"],"
                        + "\"AssignPublicIp\":\"DISABLED\"}}}}]").json();
        assertEquals(0, put.path("FailedEntryCount").asInt(), put.toString());
        JsonNode listed = ok("events", "list-targets-by-rule", "--rule", "cli-nightly").json();
        assertEquals("subnet-1", listed.path("Targets").get(0).path("EcsParameters").path("NetworkConfiguration")
                .path("awsvpcConfiguration").path("Subnets").get(0).asText());
        ok("events", "put-rule", "--name", "cli-orders", "--event-pattern", "{\"source\":[\"cli.app\"]}");
        ok("events", "put-targets", "--rule", "cli-orders", "--targets",
                "[{\"Id\":\"sns\",\"Arn\":\"arn:aws:sns:eu-west-1:000000000000:cli\"}]");
        JsonNode sent = ok("events", "put-events", "--entries", "[{\"Source\":\"cli.app\",\"DetailType\":\"t\","
                + "\"Detail\":\"{\\\"k\\\":1}\"}]").json();
        assertEquals(0, sent.path("FailedEntryCount").asInt());
        assertEquals(1, cloud.service(EventsService.class).deliveries("arn:aws:sns:eu-west-1:000000000000:cli")
                .size());
        fails("ResourceNotFoundException", "events", "describe-rule", "--name", "cli-none");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(LOGS_DESCRIBE)
    void cliRetriesThrottlingThenReportsIt() throws Exception {
        cloud.faults().reset(); // count this scenario's attempts only (logsRoundTrip also lists log groups)
        cloud.faults().throttle("logs", "DescribeLogGroups", 0, 0);
        try {
            fails("ThrottlingException", "logs", "describe-log-groups");
            assertEquals(3, cloud.faults().attempts("logs", "DescribeLogGroups"), "botocore standard mode: 3 attempts");
        } finally {
            cloud.faults().reset();
        }
    }
}
