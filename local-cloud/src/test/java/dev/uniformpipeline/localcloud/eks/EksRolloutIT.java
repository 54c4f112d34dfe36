package dev.uniformpipeline.localcloud.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import dev.uniformpipeline.localcloud.Sdk;

/**
 * Deployments on the embedded API server, driven through a fabric8 client configured only from DescribeCluster:
 * the controller fills pod and Deployment status the way kubectl's rollout-status algorithm (AWS-FACTS §9) reads
 * it, and a TargetGroupBinding puts ready pods into a real local ELBv2 target group.
 */
class EksRolloutIT {
    private static final double FACTOR = 20;
    private static EksFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new EksFixture(FACTOR, "apps");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static Deployment deployment(String name, String image, int replicas, int progressDeadline) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(progressDeadline)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image)
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(8080))
                .endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** kubectl rollout status's completion rule, AWS-FACTS §9. */
    static boolean rolloutComplete(Deployment d) {
        DeploymentStatus s = d.getStatus();
        if (s == null) {
            return false;
        }
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return generation <= observed && n(s.getUpdatedReplicas()) >= replicas
                && n(s.getReplicas()) <= n(s.getUpdatedReplicas())
                && n(s.getAvailableReplicas()) >= n(s.getUpdatedReplicas());
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        if (d.getStatus() == null || d.getStatus().getConditions() == null) {
            return null;
        }
        return d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static Deployment get(String name) {
        return fx.kube.apps().deployments().withName(name).get();
    }

    private static List<Pod> pods(String app) {
        return fx.kube.pods().withLabel("app", app).list().getItems();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what + " (last targets seen: " + lastTargets + ")");
    }

    @Test
    void healthyDeploymentRollsOutAndAnImageChangeRollsOutAgain() throws Exception {
        String v1 = fx.push("v1", "healthy");
        String v2 = fx.push("v2", "healthy");
        fx.kube.apps().deployments().resource(deployment("web", v1, 3, 600)).create();
        await("first rollout complete", () -> rolloutComplete(get("web")));
        Deployment d = get("web");
        assertEquals(3, d.getStatus().getReadyReplicas());
        assertEquals("NewReplicaSetAvailable", condition(d, "Progressing").getReason());
        assertEquals("True", condition(d, "Available").getStatus());
        assertEquals("MinimumReplicasAvailable", condition(d, "Available").getReason());
        List<Pod> first = pods("web");
        assertEquals(3, first.size());
        for (Pod p : first) {
            assertTrue(p.getStatus().getPodIP().matches("127\\.0\\.\\d+\\.\\d+"), p.getStatus().getPodIP());
            assertEquals("Running", p.getStatus().getPhase());
            assertTrue(p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        }
        long generation = d.getMetadata().getGeneration();

        fx.kube.apps().deployments().withName("web").edit(x -> new DeploymentBuilder(x).editSpec().editTemplate()
                .editSpec().editFirstContainer().withImage(v2).endContainer().endSpec().endTemplate().endSpec()
                .build());
        Deployment updated = get("web");
        assertTrue(updated.getMetadata().getGeneration() > generation, "the spec change bumps metadata.generation");
        assertFalse(rolloutComplete(updated), "a fresh spec change is not complete until observed");
        // maxSurge 1 / maxUnavailable 0: never more than 4 pods, never fewer than 3 available, while it rolls
        int[] maxPods = {0};
        int[] minAvailable = {Integer.MAX_VALUE};
        await("second rollout complete", () -> {
            Deployment now = get("web");
            maxPods[0] = Math.max(maxPods[0], pods("web").size());
            if (now.getStatus() != null) {
                minAvailable[0] = Math.min(minAvailable[0], n(now.getStatus().getAvailableReplicas()));
            }
            return rolloutComplete(now);
        });
        assertTrue(maxPods[0] <= 4, "at most replicas + maxSurge pods, saw " + maxPods[0]);
        assertEquals(3, minAvailable[0], "availability never dropped below replicas - maxUnavailable");
        List<Pod> second = pods("web");
        assertEquals(3, second.size());
        Set<String> hashes = second.stream().map(p -> p.getMetadata().getLabels().get("pod-template-hash"))
                .collect(Collectors.toSet());
        assertEquals(1, hashes.size());
        assertNotEquals(first.get(0).getMetadata().getLabels().get("pod-template-hash"), hashes.iterator().next());
        assertTrue(second.stream().allMatch(p -> v2.equals(p.getSpec().getContainers().get(0).getImage())));

        fx.kube.apps().deployments().withName("web").delete();
        await("pods of the deleted deployment are garbage-collected", () -> pods("web").isEmpty());
    }

    @Test
    void neverReadyDeploymentExceedsItsProgressDeadline() throws Exception {
        String image = fx.push("never-ready", "unhealthy");
        fx.kube.apps().deployments().resource(deployment("stuck", image, 2, 60)).create();
        await("ProgressDeadlineExceeded", () -> {
            DeploymentCondition c = condition(get("stuck"), "Progressing");
            return c != null && "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason());
        });
        Deployment d = get("stuck");
        assertFalse(rolloutComplete(d));
        assertEquals(0, n(d.getStatus().getReadyReplicas()));
        assertEquals("MinimumReplicasUnavailable", condition(d, "Available").getReason());
        assertTrue(pods("stuck").stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())),
                "the containers run, they just never pass the readiness probe");
    }

    @Test
    void crashingContainerGoesIntoCrashLoopBackOffWithRestarts() throws Exception {
        String image = fx.push("crash", "exit");
        fx.kube.apps().deployments().resource(deployment("crasher", image, 1, 600)).create();
        await("CrashLoopBackOff", () -> pods("crasher").stream().anyMatch(p -> {
            ContainerStatus cs = first(p);
            return cs != null && cs.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason()) && cs.getRestartCount() > 0;
        }));
        ContainerStatus cs = first(pods("crasher").get(0));
        assertEquals(1, cs.getLastState().getTerminated().getExitCode());
        assertEquals("Error", cs.getLastState().getTerminated().getReason());
        assertFalse(rolloutComplete(get("crasher")));
    }

    @Test
    void missingImageGoesIntoImagePullBackOff() throws Exception {
        fx.kube.apps().deployments().resource(deployment("ghost", fx.repositoryUri + ":does-not-exist", 1, 600))
                .create();
        await("ImagePullBackOff", () -> pods("ghost").stream().anyMatch(p -> {
            ContainerStatus cs = first(p);
            return cs != null && cs.getState().getWaiting() != null
                    && "ImagePullBackOff".equals(cs.getState().getWaiting().getReason());
        }));
        Pod p = pods("ghost").get(0);
        assertEquals("Pending", p.getStatus().getPhase());
        assertEquals(0, first(p).getRestartCount());
        assertFalse(rolloutComplete(get("ghost")));
    }

    @Test
    void targetGroupBindingRegistersReadyPodsAsHealthyTargets() throws Exception {
        String image = fx.push("lb", "healthy");
        try (ElasticLoadBalancingV2Client elb = Sdk.client(ElasticLoadBalancingV2Client.builder(),
                fx.cloud.endpoint())) {
            String tg = elb.createTargetGroup(b -> b.name("apps-web").protocol("HTTP").port(8080).vpcId("vpc-1")
                    .targetType("ip").healthCheckPath("/health").healthCheckIntervalSeconds(10).healthCheckTimeoutSeconds(5)
                    .healthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
            LoadBalancer alb = elb.createLoadBalancer(b -> b.name("apps").type(LoadBalancerTypeEnum.APPLICATION)
                    .subnets("subnet-1", "subnet-2")).loadBalancers().get(0);
            elb.createListener(b -> b.loadBalancerArn(alb.loadBalancerArn()).protocol(ProtocolEnum.HTTP).port(80)
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));
            fx.kube.services().resource(new ServiceBuilder().withNewMetadata().withName("lb").endMetadata()
                    .withNewSpec().addToSelector("app", "lb").addNewPort().withName("http").withPort(80)
                    .withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create();
            GenericKubernetesResource binding = new GenericKubernetesResourceBuilder()
                    .withApiVersion("elbv2.k8s.aws/v1beta1").withKind("TargetGroupBinding")
                    .withNewMetadata().withName("lb").withNamespace("default").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("targetGroupARN", tg, "targetType", "ip",
                            "serviceRef", Map.of("name", "lb", "port", 80)))
                    .build();
            fx.kube.genericKubernetesResources(KubeApiServer.TARGET_GROUP_BINDINGS).resource(binding).create();
            fx.kube.apps().deployments().resource(deployment("lb", image, 2, 600)).create();
            await("rollout", () -> rolloutComplete(get("lb")));
            Set<String> podIps = pods("lb").stream().map(p -> p.getStatus().getPodIP() + ":8080")
                    .collect(Collectors.toCollection(TreeSet::new));
            await("both pods healthy in the target group", () -> healthy(elb, tg).equals(podIps));
            HttpResponse<String> viaAlb = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + alb.dnsName() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, viaAlb.statusCode(), viaAlb.body());
            assertTrue(viaAlb.body().contains(image), "a pod answers through the ALB: " + viaAlb.body());

            fx.kube.apps().deployments().withName("lb").scale(1);
            await("scale-in to one pod", () -> pods("lb").size() == 1);
            String kept = pods("lb").get(0).getStatus().getPodIP() + ":8080";
            await("the removed pod is no longer a healthy target", () -> healthy(elb, tg).equals(Set.of(kept)));
        }
    }

    private static Set<String> healthy(ElasticLoadBalancingV2Client elb, String tg) {
        Set<String> out = new TreeSet<>();
        StringBuilder all = new StringBuilder();
        for (TargetHealthDescription t : elb.describeTargetHealth(b -> b.targetGroupArn(tg))
                .targetHealthDescriptions()) {
            all.append(t.target().id()).append(':').append(t.target().port()).append('=')
                    .append(t.targetHealth().stateAsString()).append(' ');
            if (t.targetHealth().state() == TargetHealthStateEnum.HEALTHY) {
                out.add(t.target().id() + ":" + t.target().port());
            }
        }
        lastTargets = all.toString();
        return out;
    }

    private static volatile String lastTargets = "";

    private static ContainerStatus first(Pod p) {
        return p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                || p.getStatus().getContainerStatuses().isEmpty() ? null : p.getStatus().getContainerStatuses().get(0);
    }
}
