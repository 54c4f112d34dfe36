package dev.uniformpipeline.localcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.LaunchType;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** A schedule rule with an ECS target runs real local-cloud ECS tasks, whose state changes come back as events. */
class EventsEcsIT {
    static final String IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/report:1";

    /** The task image, resolved without a registry. */
    static final class OneImage implements ImageResolver {
        @Override
        public Optional<ResolvedImage> resolve(String ref) {
            return ref.equals(IMAGE) ? Optional.of(new ResolvedImage("sha256:" + "ab".repeat(32), ref, Map.of(),
                    List.of(), List.of(), List.of(), List.of())) : Optional.empty();
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void scheduledRuleRunsFargateTasksInEcsAndTheirStateChangesReachEventBridge() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().clockFactor(20).withService(c -> new OneImage()).start();
                EcsClient ecs = Sdk.client(EcsClient.builder(), cloud.endpoint());
                EventBridgeClient events = Sdk.client(EventBridgeClient.builder(), cloud.endpoint())) {
            String cluster = ecs.createCluster(b -> b.clusterName("jobs")).cluster().clusterArn();
            String td = ecs.registerTaskDefinition(b -> b.family("report").networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                    .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                    .containerDefinitions(ContainerDefinition.builder().name("job").image(IMAGE).essential(true)
                            .build())).taskDefinition().taskDefinitionArn();

            String topic = "arn:aws:sns:us-east-1:000000000000:task-changes";
            events.putRule(b -> b.name("task-changes").eventPattern("{\"source\":[\"aws.ecs\"],\"detail-type\":"
                    + "[\"ECS Task State Change\"],\"detail\":{\"group\":[{\"prefix\":\"family:report\"}]}}"));
            events.putTargets(b -> b.rule("task-changes").targets(Target.builder().id("sns").arn(topic).build()));
            events.putRule(b -> b.name("nightly-report").scheduleExpression("cron(0 2 * * ? *)"));
            assertEquals(0, events.putTargets(b -> b.rule("nightly-report").targets(Target.builder().id("run")
                    .arn(cluster).roleArn("arn:aws:iam::000000000000:role/ecsEventsRole").ecsParameters(p -> p
                            .taskDefinitionArn(td).taskCount(2).launchType(LaunchType.FARGATE)
                            .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets("subnet-1")
                                    .securityGroups("sg-1")))).build())).failedEntryCount());

            EventsService svc = cloud.service(EventsService.class);
            cloud.clock().advance(Duration.between(cloud.clock().now(),
                    svc.nextFire("000000000000", "us-east-1", "nightly-report").orElseThrow()));
            await(() -> !svc.invocations().isEmpty(), "the schedule fired");
            EventsService.Invocation call = svc.invocations().get(0);
            assertEquals(null, call.error(), () -> "RunTask failed: " + call.error());

            List<String> arns = ecs.listTasks(b -> b.cluster("jobs").startedBy("events-rule/nightly-report"))
                    .taskArns();
            assertEquals(2, arns.size());
            List<Task> tasks = ecs.describeTasks(b -> b.cluster("jobs").tasks(arns)).tasks();
            for (Task t : tasks) {
                assertEquals(td, t.taskDefinitionArn());
                assertEquals("FARGATE", t.launchTypeAsString());
                assertEquals("family:report", t.group());
            }
            await(() -> svc.deliveries(topic).stream().anyMatch(e -> e.path("detail").path("lastStatus").asText()
                    .equals("RUNNING")), "ECS published the tasks' state changes and the rule delivered them");
            JsonNode running = svc.deliveries(topic).stream().filter(e -> e.path("detail").path("lastStatus")
                    .asText().equals("RUNNING")).findFirst().orElseThrow();
            assertTrue(arns.contains(running.path("detail").path("taskArn").asText()));
        }
    }
}
