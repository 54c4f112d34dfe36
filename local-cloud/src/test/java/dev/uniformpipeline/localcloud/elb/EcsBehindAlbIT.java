package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * ECS and ELBv2 together in one local-cloud: a Fargate service behind an ALB registers its tasks' IPs, the
 * ALB checks the simulated containers for real and forwards to them, and a rolling update keeps serving.
 */
class EcsBehindAlbIT {
    /** Images whose labels make ECS's simulated runtime answer HTTP as a healthy app. */
    private static final ImageResolver IMAGES = ref -> Optional.of(new ImageResolver.ResolvedImage(
            "sha256:" + "%064x".formatted(ref.hashCode() & 0xffffffffL), "127.0.0.1:5000/" + ref,
            Map.of("uniform.sim.behavior", "healthy"), List.of(), List.of(), List.of(), List.of(8080)));

    @Test
    void fargateServiceBehindAnAlbServesThroughARollingUpdateWithoutErrors() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().clockFactor(100).withService(ctx -> IMAGES).start();
                ElasticLoadBalancingV2Client elb = Sdk.client(ElasticLoadBalancingV2Client.builder(), cloud.endpoint());
                EcsClient ecs = Sdk.client(EcsClient.builder(), cloud.endpoint())) {
            LoadBalancer lb = elb.createLoadBalancer(r -> r.name("web")).loadBalancers().get(0);
            String tg = elb.createTargetGroup(r -> r.name("web").protocol("HTTP").port(8080).vpcId("vpc-1")
                    .targetType("ip").healthCheckPath("/health").healthCheckIntervalSeconds(5)
                    .healthCheckTimeoutSeconds(2)).targetGroups().get(0).targetGroupArn();
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                    a -> a.key("deregistration_delay.timeout_seconds").value("60")));
            elb.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn()).protocol("HTTP").port(80)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));

            ecs.createCluster(r -> r.clusterName("prod"));
            String v1 = taskDefinition(ecs, "app:v1");
            String v2 = taskDefinition(ecs, "app:v2");
            ecs.createService(r -> r.cluster("prod").serviceName("web").taskDefinition(v1).desiredCount(2)
                    .launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))
                    .loadBalancers(l -> l.targetGroupArn(tg).containerName("web").containerPort(8080)));
            LocalElb.await("two healthy targets", () -> healthy(elb, tg) == 2);

            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://" + lb.dnsName() + "/orders");
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode());
            assertTrue(first.body().contains("\"path\":\"/orders\""), first.body());
            assertTrue(first.body().contains("app:v1"), first.body());

            AtomicBoolean run = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger v2Answers = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Thread load = new Thread(() -> {
                while (run.get()) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            if (r.body().contains("app:v2")) {
                                v2Answers.incrementAndGet();
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            load.start();
            ecs.updateService(r -> r.cluster("prod").service("web").taskDefinition(v2));
            ecs.waiter().waitUntilServicesStable(
                    software.amazon.awssdk.services.ecs.model.DescribeServicesRequest.builder().cluster("prod")
                            .services("web").build(),
                    WaiterOverrideConfiguration.builder().maxAttempts(1200)
                            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50))).build());
            LocalElb.await("only v2 targets left", () -> elb.describeTargetHealth(r -> r.targetGroupArn(tg))
                    .targetHealthDescriptions().size() == 2 && healthy(elb, tg) == 2);
            run.set(false);
            load.join();
            assertTrue(v2Answers.get() > 0, "the new revision served traffic");
            assertTrue(ok.get() > 50, "traffic ran during the rollout: " + ok.get());
            assertEquals(0, failed.get(), "requests failed during the rolling update (ok=" + ok.get() + ")");
        }
    }

    private static String taskDefinition(EcsClient ecs, String image) {
        return ecs.registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("web").image(image).essential(true)
                        .portMappings(p -> p.containerPort(8080)).build()))
                .taskDefinition().taskDefinitionArn();
    }

    private static long healthy(ElasticLoadBalancingV2Client elb, String tg) {
        List<TargetHealthDescription> all = elb.describeTargetHealth(r -> r.targetGroupArn(tg))
                .targetHealthDescriptions();
        return all.stream().filter(d -> d.targetHealth().stateAsString().equals("healthy")).count();
    }
}
