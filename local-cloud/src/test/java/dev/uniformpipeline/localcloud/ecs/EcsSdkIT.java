package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.Task;

/** The real AWS SDK v2 EcsClient against local-cloud's front door with ECS wired in (fakes for its neighbours). */
class EcsSdkIT {
    static LocalCloud cloud;
    static EcsClient ecs;
    static final Fakes.Images IMAGES = new Fakes.Images();
    static final Fakes.Logs LOGS = new Fakes.Logs();
    static final Fakes.Events EVENTS = new Fakes.Events();
    static FakeTargetRegistry elb;
    static final WaiterOverrideConfiguration FAST = WaiterOverrideConfiguration.builder()
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(50))).maxAttempts(600).build();
    static final NetworkConfiguration NET = NetworkConfiguration.builder().awsvpcConfiguration(
            AwsVpcConfiguration.builder().subnets("subnet-1").securityGroups("sg-1").build()).build();

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().clockFactor(100)
                .withService(ctx -> {
                    elb = new FakeTargetRegistry(ctx.clock(), 5,
                            id -> ctx.find(EcsService.class).flatMap(e -> e.containerInstanceAddress(id)).orElse(id));
                    return elb;
                })
                .withService(ctx -> IMAGES).withService(ctx -> LOGS).withService(ctx -> EVENTS)
                .start();
        ecs = Sdk.client(EcsClient.builder(), cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        cloud.close();
    }

    private static String register(String image) {
        RegisterTaskDefinitionResponse r = ecs.registerTaskDefinition(b -> b.family("api")
                .networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                .containerDefinitions(ContainerDefinition.builder().name("web").image(image).essential(true)
                        .portMappings(PortMapping.builder().containerPort(8080).build()).build()));
        return r.taskDefinition().taskDefinitionArn();
    }

    @Test
    void errorsArriveAsTheSdksTypedExceptions() {
        ClusterNotFoundException e = assertThrows(ClusterNotFoundException.class,
                () -> ecs.listServices(b -> b.cluster("nowhere")));
        assertEquals("Cluster not found.", e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
        ClientException fargate = assertThrows(ClientException.class, () -> ecs.registerTaskDefinition(b -> b
                .family("bad").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                .cpu("256").memory("4096").containerDefinitions(ContainerDefinition.builder().name("a").image("i")
                        .build())));
        assertTrue(fargate.awsErrorDetails().errorMessage().startsWith("No Fargate configuration exists"));
        ecs.createCluster(b -> b.clusterName("errs"));
        assertThrows(InvalidParameterException.class, () -> ecs.describeServices(b -> b.cluster("errs")
                .services("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")));
        DescribeServicesResponse missing = ecs.describeServices(b -> b.cluster("errs").services("ghost"));
        assertEquals("MISSING", missing.failures().get(0).reason());
    }

    @Test
    void runTaskIsRunningThenStoppedThroughTheSdkWaiters() {
        ecs.createCluster(b -> b.clusterName("tasks"));
        String td = register(IMAGES.add("api:v1", EcsFixture.behavior("healthy")));
        Task t = ecs.runTask(b -> b.cluster("tasks").taskDefinition(td).launchType(LaunchType.FARGATE)
                .networkConfiguration(NET)).tasks().get(0);
        assertEquals("family:api", t.group());
        assertNotNull(t.createdAt());
        ecs.waiter().waitUntilTasksRunning(DescribeTasksRequest.builder().cluster("tasks").tasks(t.taskArn()).build(), FAST);
        ecs.stopTask(b -> b.cluster("tasks").task(t.taskArn()).reason("done"));
        DescribeTasksResponse stopped = ecs.waiter().waitUntilTasksStopped(
                DescribeTasksRequest.builder().cluster("tasks").tasks(t.taskArn()).build(), FAST).matched().response().orElseThrow();
        Task s = stopped.tasks().get(0);
        assertEquals(TaskStopCode.USER_INITIATED, s.stopCode());
        assertEquals("done", s.stoppedReason());
        assertEquals(0, s.containers().get(0).exitCode());
        assertTrue(s.stoppedAt().isAfter(s.startedAt()));
        assertEquals("256", s.cpu());
    }

    static final DescribeServicesRequest STABLE = DescribeServicesRequest.builder().cluster("svc").services("api")
            .build();

    @Test
    void servicesStableWaiterSucceedsAfterABreakerRollbackSoTheDeployerMustCompareTaskDefinitions() {
        ecs.createCluster(b -> b.clusterName("svc"));
        String v1 = register(IMAGES.add("api:good", EcsFixture.behavior("healthy")));
        String bad = register(IMAGES.add("api:bad", EcsFixture.behavior("unhealthy")));
        String tg = elb.addGroup("api", "ip", 8080, "/health", 5);
        ecs.createService(b -> b.cluster("svc").serviceName("api").taskDefinition(v1).desiredCount(2)
                .launchType(LaunchType.FARGATE).networkConfiguration(NET)
                .loadBalancers(lb -> lb.targetGroupArn(tg).containerName("web").containerPort(8080))
                .deploymentConfiguration(dc -> dc.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        ecs.waiter().waitUntilServicesStable(STABLE, FAST);

        ecs.updateService(b -> b.cluster("svc").service("api").taskDefinition(bad));
        Service after = ecs.waiter().waitUntilServicesStable(STABLE, FAST)
                .matched().response().orElseThrow().services().get(0);
        assertEquals(1, after.deployments().size());
        assertEquals(v1, after.deployments().get(0).taskDefinition(), "rolled back: PRIMARY runs the old revision");
        assertEquals(DeploymentRolloutState.COMPLETED, after.deployments().get(0).rolloutState());
        List<String> msgs = after.events().stream().map(e -> e.message()).toList();
        assertTrue(msgs.stream().anyMatch(m -> m.endsWith("deployment failed: tasks failed to start.")), msgs.toString());
        assertTrue(after.deployments().get(0).id().matches("ecs-svc/\\d{19}"));
    }
}
