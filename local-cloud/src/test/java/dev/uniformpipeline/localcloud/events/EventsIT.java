package dev.uniformpipeline.localcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.TaskLauncher;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.AssignPublicIp;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.LaunchType;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

class EventsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/jobs";
    static final String ROLE = "arn:aws:iam::000000000000:role/ecsEventsRole";
    static final List<JsonNode> RUN_TASKS = new CopyOnWriteArrayList<>();
    static LocalCloud cloud;
    static EventBridgeClient events;

    /** Stands in for ECS: records the RunTask requests EventBridge makes. */
    static final class FakeEcs implements TaskLauncher {
        @Override
        public JsonNode runTask(RequestContext ctx, JsonNode request) {
            RUN_TASKS.add(request);
            return JsonNodeFactory.instance.objectNode().putArray("tasks").addObject().put("taskArn",
                    "arn:aws:ecs:" + ctx.region() + ":" + ctx.accountId() + ":task/jobs/0123456789abcdef0123456789abcdef");
        }
    }

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().withService(c -> new FakeEcs()).start();
        events = Sdk.client(EventBridgeClient.builder(), cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        events.close();
        cloud.close();
    }

    static Target ecsTarget(String id) {
        return Target.builder().id(id).arn(CLUSTER).roleArn(ROLE).ecsParameters(p -> p
                .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/report:3").taskCount(2)
                .launchType(LaunchType.FARGATE).networkConfiguration(n -> n.awsvpcConfiguration(v -> v
                        .subnets("subnet-1", "subnet-2").securityGroups("sg-1").assignPublicIp(AssignPublicIp.ENABLED))))
                .build();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void scheduleExpressionsAreValidatedAsDocumented() {
        for (String bad : List.of("rate(1 minutes)", "rate(5 minute)", "cron(0 20 * * * *)", "cron(0 20 * *)",
                "rate(0 minutes)", "at(2030-01-01T00:00:00)")) {
            EventBridgeException e = assertThrows(EventBridgeException.class,
                    () -> events.putRule(b -> b.name("bad").scheduleExpression(bad)), bad);
            assertEquals("ValidationException", e.awsErrorDetails().errorCode(), bad);
        }
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/nightly",
                events.putRule(b -> b.name("nightly").scheduleExpression("cron(0 20 * * ? *)")).ruleArn());
        events.putRule(b -> b.name("minutely").scheduleExpression("rate(1 minute)"));
        assertThrows(InvalidEventPatternException.class,
                () -> events.putRule(b -> b.name("badpattern").eventPattern("{\"source\":\"aws.ecs\"}")));
        assertThrows(InvalidEventPatternException.class,
                () -> events.putRule(b -> b.name("badjson").eventPattern("{not json")));
        EventBridgeException neither = assertThrows(EventBridgeException.class,
                () -> events.putRule(b -> b.name("empty")));
        assertEquals("ValidationException", neither.awsErrorDetails().errorCode());
    }

    @Test
    void rulesAreDescribedListedAndDeletedOnlyWithoutTargets() {
        events.putRule(b -> b.name("lst-a").eventPattern("{\"source\":[\"app\"]}").description("first"));
        events.putRule(b -> b.name("lst-b").scheduleExpression("rate(1 hour)"));
        var d = events.describeRule(b -> b.name("lst-a"));
        assertEquals("first", d.description());
        assertEquals("ENABLED", d.stateAsString());
        assertEquals("default", d.eventBusName());
        assertEquals(List.of("lst-a", "lst-b"), events.listRules(b -> b.namePrefix("lst-")).rules().stream()
                .map(r -> r.name()).toList());
        assertThrows(ResourceNotFoundException.class, () -> events.describeRule(b -> b.name("lst-none")));
        events.putTargets(b -> b.rule("lst-b").targets(Target.builder().id("t").arn(
                "arn:aws:sns:us-east-1:000000000000:alerts").build()));
        EventBridgeException hasTargets = assertThrows(EventBridgeException.class,
                () -> events.deleteRule(b -> b.name("lst-b")));
        assertEquals("ValidationException", hasTargets.awsErrorDetails().errorCode());
        events.removeTargets(b -> b.rule("lst-b").ids("t"));
        events.deleteRule(b -> b.name("lst-b"));
        assertThrows(ResourceNotFoundException.class, () -> events.describeRule(b -> b.name("lst-b")));
        assertThrows(ResourceNotFoundException.class, () -> events.putTargets(b -> b.rule("lst-none")
                .targets(Target.builder().id("t").arn("arn:aws:sns:us-east-1:000000000000:alerts").build())));
    }

    @Test
    void ecsTargetsAreValidatedAndFailuresComeBackInsideA200() throws Exception {
        events.putRule(b -> b.name("tgt").scheduleExpression("rate(1 day)"));
        PutTargetsResponse r = events.putTargets(b -> b.rule("tgt").targets(ecsTarget("ok"),
                Target.builder().id("norole").arn(CLUSTER).ecsParameters(p -> p.taskDefinitionArn("td:1")).build(),
                Target.builder().id("notd").arn(CLUSTER).roleArn(ROLE).ecsParameters(p -> p.taskCount(1)).build(),
                ecsTarget("pubip").toBuilder().ecsParameters(ecsTarget("x").ecsParameters().toBuilder()
                        .launchType(LaunchType.EC2).build()).build()));
        assertEquals(3, r.failedEntryCount());
        assertEquals(List.of("norole", "notd", "pubip"), r.failedEntries().stream().map(f -> f.targetId()).toList());
        assertTrue(r.failedEntries().get(0).errorMessage().contains("RoleArn"));

        // the wire key is lower camel "awsvpcConfiguration"; PascalCase is reported, not silently dropped
        String raw = "{\"Rule\":\"tgt\",\"Targets\":[{\"Id\":\"pascal\",\"Arn\":\"" + CLUSTER + "\",\"RoleArn\":\"" + ROLE
                + "\",\"EcsParameters\":{\"TaskDefinitionArn\":\"td:1\",\"NetworkConfiguration\":{"
                + "\"AwsvpcConfiguration\":{\"Subnets\":[\"subnet-1\"]}}}}]}";
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(cloud.endpoint())
                .header("X-Amz-Target", "AWSEvents.PutTargets").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(raw)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode());
        JsonNode body = JSON.readTree(resp.body());
        assertEquals(1, body.path("FailedEntryCount").asInt());
        assertTrue(body.path("FailedEntries").get(0).path("ErrorMessage").asText().contains("awsvpcConfiguration"));

        HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(cloud.endpoint())
                .header("X-Amz-Target", "AWSEvents.ListTargetsByRule")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Rule\":\"tgt\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode vpc = JSON.readTree(listed.body()).path("Targets").get(0).path("EcsParameters")
                .path("NetworkConfiguration").path("awsvpcConfiguration");
        assertEquals("subnet-1", vpc.path("Subnets").get(0).asText());
        assertEquals(List.of("subnet-1", "subnet-2"), events.listTargetsByRule(b -> b.rule("tgt")).targets().get(0)
                .ecsParameters().networkConfiguration().awsvpcConfiguration().subnets());
    }

    @Test
    void scheduleRulesFireOnTheCloudClockAndRunTasksThroughEcs() throws Exception {
        String topic = "arn:aws:sns:us-east-1:000000000000:schedule-audit";
        events.putRule(b -> b.name("every5").scheduleExpression("rate(5 minutes)"));
        events.putTargets(b -> b.rule("every5").targets(ecsTarget("report"), Target.builder().id("audit").arn(topic)
                .build()));
        int before = RUN_TASKS.size();
        EventsService svc = cloud.service(EventsService.class);
        assertEquals(0, svc.deliveries(topic).size(), "nothing fires before its time");

        cloud.clock().advance(Duration.ofMinutes(5));
        await(() -> svc.deliveries(topic).size() == 1 && RUN_TASKS.size() > before, "rule fired after 5 cloud minutes");

        JsonNode run = RUN_TASKS.get(RUN_TASKS.size() - 1);
        assertEquals(CLUSTER, run.path("cluster").asText());
        assertEquals("arn:aws:ecs:us-east-1:000000000000:task-definition/report:3", run.path("taskDefinition").asText());
        assertEquals(2, run.path("count").asInt());
        assertEquals("FARGATE", run.path("launchType").asText());
        assertEquals("events-rule/every5", run.path("startedBy").asText());
        JsonNode vpc = run.path("networkConfiguration").path("awsvpcConfiguration");
        assertEquals("subnet-2", vpc.path("subnets").get(1).asText());
        assertEquals("ENABLED", vpc.path("assignPublicIp").asText());

        JsonNode scheduled = svc.deliveries(topic).get(0);
        assertEquals("Scheduled Event", scheduled.path("detail-type").asText());
        assertEquals("aws.events", scheduled.path("source").asText());
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/every5", scheduled.path("resources").get(0).asText());

        events.disableRule(b -> b.name("every5"));
        cloud.clock().advance(Duration.ofMinutes(5));
        Thread.sleep(300);
        assertEquals(1, svc.deliveries(topic).size(), "a disabled rule does not fire");
    }

    @Test
    void putEventsDeliversMatchingEventsToSnsTargets() throws Exception {
        String topic = "arn:aws:sns:us-east-1:000000000000:orders";
        events.putRule(b -> b.name("orders").eventPattern("{\"source\":[\"app.orders\"],\"detail-type\":[\"Order "
                + "Placed\"],\"detail\":{\"status\":[{\"anything-but\":\"TEST\"}],\"region\":[{\"prefix\":\"eu-\"}]}}"));
        events.putTargets(b -> b.rule("orders").targets(Target.builder().id("sns").arn(topic).build()));
        PutEventsResponse r = events.putEvents(b -> b.entries(
                entry("app.orders", "Order Placed", "{\"status\":\"NEW\",\"region\":\"eu-west-1\",\"n\":1}"),
                entry("app.orders", "Order Placed", "{\"status\":\"TEST\",\"region\":\"eu-west-1\",\"n\":2}"),
                entry("app.orders", "Order Placed", "{\"status\":\"NEW\",\"region\":\"us-east-1\",\"n\":3}"),
                entry("app.other", "Order Placed", "{\"status\":\"NEW\",\"region\":\"eu-west-1\",\"n\":4}"),
                entry("aws.ecs", "ECS Task State Change", "{}"),
                entry("app.orders", "Order Placed", "not json")));
        assertEquals(2, r.failedEntryCount());
        assertEquals("NotAuthorizedForSourceException", r.entries().get(4).errorCode());
        assertEquals("MalformedDetail", r.entries().get(5).errorCode());
        List<JsonNode> got = cloud.service(EventsService.class).deliveries(topic);
        assertEquals(1, got.size());
        JsonNode ev = got.get(0);
        assertEquals(1, ev.path("detail").path("n").asInt());
        assertEquals("0", ev.path("version").asText());
        assertEquals(r.entries().get(0).eventId(), ev.path("id").asText());
        assertEquals("000000000000", ev.path("account").asText());
        assertEquals("us-east-1", ev.path("region").asText());
    }

    @Test
    void ecsEventsPublishedThroughTheSpiReachMatchingRules() {
        String topic = "arn:aws:sns:us-east-1:000000000000:deploys";
        events.putRule(b -> b.name("deploy-failed").eventPattern("{\"source\":[\"aws.ecs\"],\"detail-type\":"
                + "[\"ECS Deployment State Change\"],\"detail\":{\"eventName\":[\"SERVICE_DEPLOYMENT_FAILED\"]}}"));
        events.putTargets(b -> b.rule("deploy-failed").targets(Target.builder().id("sns").arn(topic).build()));
        EventsService svc = cloud.service(EventsService.class);
        svc.publish("000000000000", "us-east-1", "aws.ecs", "ECS Deployment State Change",
                List.of("arn:aws:ecs:us-east-1:000000000000:service/prod/web"),
                JsonNodeFactory.instance.objectNode().put("eventType", "ERROR")
                        .put("eventName", "SERVICE_DEPLOYMENT_FAILED").put("deploymentId", "ecs-svc/1234567890123456789"));
        svc.publish("000000000000", "us-east-1", "aws.ecs", "ECS Deployment State Change", List.of(),
                JsonNodeFactory.instance.objectNode().put("eventName", "SERVICE_DEPLOYMENT_COMPLETED"));
        svc.publish("111111111111", "us-east-1", "aws.ecs", "ECS Deployment State Change", List.of(),
                JsonNodeFactory.instance.objectNode().put("eventName", "SERVICE_DEPLOYMENT_FAILED"));
        List<JsonNode> got = svc.deliveries(topic);
        assertEquals(1, got.size(), "only the failed deployment of this account matches");
        assertEquals("ecs-svc/1234567890123456789", got.get(0).path("detail").path("deploymentId").asText());
    }

    static PutEventsRequestEntry entry(String source, String type, String detail) {
        return PutEventsRequestEntry.builder().source(source).detailType(type).detail(detail).build();
    }
}
