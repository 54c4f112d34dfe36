package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The acceptance rollout: three Fargate tasks (awsvpc, ip targets) behind an ALB listener are rolled to a new
 * task-definition revision while clients keep sending requests through the ALB's real HTTP port. No request fails,
 * the healthy targets never drop below the minimumHealthyPercent floor, the deployments pass through PRIMARY
 * IN_PROGRESS + ACTIVE to one COMPLETED deployment, and the new revision ends up serving. Everything is driven through
 * the real AWS SDK clients against a {@link LocalCloud}.
 */
class EcsAlbRolloutIT {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void rollingThreeTasksBehindAnAlbDropsNoRequestAndKeepsTheHealthyFloor() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().clockFactor(20).start();
                EcsClient ecs = Sdk.client(EcsClient.builder(), cloud.endpoint());
                EcrClient ecr = Sdk.client(EcrClient.builder(), cloud.endpoint());
                ElasticLoadBalancingV2Client elb = Sdk.client(ElasticLoadBalancingV2Client.builder(),
                        cloud.endpoint())) {
            String repo = ecr.createRepository(b -> b.repositoryName("web")).repository().repositoryUri();
            EcsFullStackIT.push(ecr, "v1", "healthy");
            EcsFullStackIT.push(ecr, "v2", "healthy");

            LoadBalancer alb = elb.createLoadBalancer(b -> b.name("web").type(LoadBalancerTypeEnum.APPLICATION)
                    .subnets("subnet-1", "subnet-2")).loadBalancers().get(0);
            String tg = elb.createTargetGroup(b -> b.name("web").protocol(ProtocolEnum.HTTP).port(8080)
                    .vpcId("vpc-1").targetType(TargetTypeEnum.IP).healthCheckPath("/health")
                    .healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2).healthyThresholdCount(2)
                    .unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
            elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(a -> a
                    .key("deregistration_delay.timeout_seconds").value("10")));
            elb.createListener(b -> b.loadBalancerArn(alb.loadBalancerArn()).protocol(ProtocolEnum.HTTP).port(80)
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));

            ecs.createCluster(b -> b.clusterName("prod"));
            String v1 = taskDefinition(ecs, repo + ":v1");
            String v2 = taskDefinition(ecs, repo + ":v2");
            // floor ceil(3 × 50%) = 2 healthy tasks, ceiling floor(3 × 150%) = 4 tasks at once
            ecs.createService(b -> b.cluster("prod").serviceName("web").taskDefinition(v1).desiredCount(3)
                    .launchType(LaunchType.FARGATE).networkConfiguration(n -> n.awsvpcConfiguration(v -> v
                            .subnets("subnet-1").securityGroups("sg-1")))
                    .loadBalancers(lb -> lb.targetGroupArn(tg).containerName("web").containerPort(8080))
                    .deploymentConfiguration(dc -> dc.minimumHealthyPercent(50).maximumPercent(150)
                            .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
            awaitService(ecs, "steady on v1", s -> s.deployments().size() == 1 && s.runningCount() == 3
                    && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
            awaitHealthy(elb, tg, 3);

            URI url = URI.create("http://" + alb.dnsName() + "/orders");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger servedByV2 = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Thread c = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() / 100 != 2) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else {
                                ok.incrementAndGet();
                                if (r.body().contains(repo + ":v2")) {
                                    servedByV2.incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }, "alb-client-" + i);
                c.start();
                clients.add(c);
            }
            try {
                Thread.sleep(300);
                ecs.updateService(b -> b.cluster("prod").service("web").taskDefinition(v2));
                int minHealthy = Integer.MAX_VALUE;
                Set<String> targetStates = new LinkedHashSet<>();
                Set<String> deploymentShapes = new LinkedHashSet<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                Service s;
                while (true) {
                    List<TargetHealthDescription> th = elb.describeTargetHealth(b -> b.targetGroupArn(tg))
                            .targetHealthDescriptions();
                    int healthy = 0;
                    for (TargetHealthDescription d : th) {
                        targetStates.add(d.targetHealth().stateAsString());
                        if ("healthy".equals(d.targetHealth().stateAsString())) {
                            healthy++;
                        }
                    }
                    minHealthy = Math.min(minHealthy, healthy);
                    s = ecs.describeServices(b -> b.cluster("prod").services("web")).services().get(0);
                    deploymentShapes.add(shape(s.deployments(), v1, v2));
                    if (s.deployments().size() == 1 && v2.equals(s.deployments().get(0).taskDefinition())
                            && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString())
                            && s.runningCount() == 3) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("rollout never completed: " + s.deployments() + " " + s.events());
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(500); // the finished service keeps serving
                stop.set(true);
                for (Thread c : clients) {
                    c.join(15_000);
                }

                assertEquals(List.of(), failures, "requests through the ALB failed during the rollout ("
                        + ok.get() + " succeeded)");
                assertTrue(ok.get() > 50, "the clients kept the ALB busy: " + ok.get() + " requests");
                assertTrue(servedByV2.get() > 0, "the new revision served requests through the ALB");
                assertTrue(minHealthy >= 2, "healthy targets fell to " + minHealthy
                        + " below the floor ceil(3 x 50%) = 2");
                assertTrue(deploymentShapes.contains("PRIMARY:v2:IN_PROGRESS,ACTIVE:v1:COMPLETED"),
                        "the rollout showed the new PRIMARY and the old ACTIVE deployment: " + deploymentShapes);
                assertTrue(targetStates.containsAll(Set.of("initial", "healthy", "draining")),
                        "new targets went through initial, old ones through draining: " + targetStates);
                assertEquals(1, s.deployments().size());
                assertEquals("ECS deployment " + s.deployments().get(0).id() + " completed.",
                        s.deployments().get(0).rolloutStateReason());
                List<TargetHealthDescription> after = elb.describeTargetHealth(b -> b.targetGroupArn(tg))
                        .targetHealthDescriptions();
                assertEquals(3, after.stream().filter(d -> "healthy".equals(d.targetHealth().stateAsString()))
                        .count(), "three healthy v2 targets remain: " + after);
            } finally {
                stop.set(true);
            }
        }
    }

    private static String shape(List<Deployment> deployments, String v1, String v2) {
        List<String> parts = new ArrayList<>();
        for (Deployment d : deployments) {
            String td = d.taskDefinition().equals(v1) ? "v1" : d.taskDefinition().equals(v2) ? "v2" : "?";
            parts.add(d.status() + ":" + td + ":" + d.rolloutStateAsString());
        }
        return String.join(",", parts);
    }

    private static String taskDefinition(EcsClient ecs, String image) {
        return ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                .containerDefinitions(ContainerDefinition.builder().name("web").image(image)
                        .portMappings(PortMapping.builder().containerPort(8080).build()).build()))
                .taskDefinition().taskDefinitionArn();
    }

    private static void awaitService(EcsClient ecs, String what, java.util.function.Predicate<Service> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Service s = null;
        while (System.nanoTime() < deadline) {
            s = ecs.describeServices(b -> b.cluster("prod").services("web")).services().get(0);
            if (done.test(s)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("gave up waiting for " + what + ": " + s);
    }

    private static void awaitHealthy(ElasticLoadBalancingV2Client elb, String tg, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long healthy = elb.describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions().stream()
                    .filter(d -> "healthy".equals(d.targetHealth().stateAsString())).count();
            if (healthy == n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("targets never all healthy");
    }
}
