package dev.uniformpipeline.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer;
import dev.uniformpipeline.core.deploy.DeployTarget.Network;
import dev.uniformpipeline.core.deploy.DeployTarget.NetworkMode;
import dev.uniformpipeline.core.deploy.ServiceIntent.Autoscaling;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Sidecar;

/**
 * The product promise: one intent renders IDENTICALLY to fargate, ecs-ec2 and eks. Each case renders the same
 * intent for the three target types, reads the invariants back from the rendered documents with each
 * platform's own arithmetic, and requires them to be equal.
 */
class ParityTest {

    static Stream<Arguments> intents() {
        ServiceIntent base = Fixtures.orders();
        return Stream.of(
                Arguments.of("design-guide orders service", base, Fixtures.rollout()),
                Arguments.of("3 replicas, 25% surge, 25% unavailable, manual rollback",
                        base.toBuilder().replicas(3).autoscaling(Autoscaling.cpu(3, 9, 70)).build(),
                        RolloutIntent.rolling("25%", "25%", Duration.ofMinutes(5), RolloutIntent.Rollback.NONE)),
                Arguments.of("7 replicas, 30% surge, 10% unavailable", base.toBuilder().replicas(7).autoscaling(null).build(),
                        RolloutIntent.rolling("30%", "10%", Duration.ofMinutes(15), RolloutIntent.Rollback.AUTO)),
                Arguments.of("absolute counts, 4 replicas, surge 1 unavailable 0", base.toBuilder().replicas(4).autoscaling(null).build(),
                        RolloutIntent.rolling("1", "0", Duration.ofMinutes(10), RolloutIntent.Rollback.AUTO)),
                Arguments.of("firelens to CloudWatch, custom prefix and region, slow starter",
                        base.toBuilder().logging(Logging.firelens("/uniform/orders-fl").withStreamPrefix("ord"))
                                .healthCheck(HealthCheck.http("/actuator/health").withTimings(Duration.ofSeconds(30),
                                        Duration.ofSeconds(10), 3, 5, Duration.ofSeconds(180)))
                                .stopTimeout(Duration.ofSeconds(90)).build(),
                        Fixtures.rollout()),
                Arguments.of("splunk sink with the token as a secret",
                        base.toBuilder().logging(Logging.splunk(new ServiceIntent.Splunk("https://splunk.example.com:8088",
                                "arn:aws:ssm:eu-west-1:123456789012:parameter/splunk/hec", "main", null, "orders:app", null))).build(),
                        Fixtures.rollout()),
                Arguments.of("sidecar sharing the task size, 1 vCPU / 2 GiB",
                        base.toBuilder().cpu("1").memoryMiB(2048)
                                .sidecar(new Sidecar("envoy", "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.4.0-prod",
                                        new java.math.BigDecimal("0.25"), 256, null, true, true))
                                .build(),
                        Fixtures.rollout()));
    }

    private static List<RenderedTarget> renderAll(ServiceIntent s, RolloutIntent r, boolean newTargetGroup) throws Exception {
        List<DeployTarget> targets = List.of(Fixtures.fargate(), Fixtures.ecsEc2(), Fixtures.eks());
        if (newTargetGroup) {
            LoadBalancer lb = LoadBalancer.rule("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
                    "/orders/*", "vpc-0abc");
            targets = targets.stream().map(t -> t.toBuilder().loadBalancer(lb).build()).toList();
        }
        return Renderer.standard().renderAll(s, r, targets, Fixtures.IMAGE, Fixtures.REVISION, "pipeline.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("intents")
    void everyTargetTypeRendersTheSameInvariants(String name, ServiceIntent service, RolloutIntent rollout) throws Exception {
        for (boolean newTg : new boolean[] {false, true}) {
            List<RenderedTarget> rendered = renderAll(service, rollout, newTg);
            Invariants fargate = Invariants.of(rendered.get(0));
            Invariants ec2 = Invariants.of(rendered.get(1));
            Invariants eks = Invariants.of(rendered.get(2));
            assertEquals(fargate, ec2, "fargate vs ecs-ec2");
            assertEquals(fargate, eks, "fargate vs eks");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("intents")
    void invariantsAreTheIntentsOwnValues(String name, ServiceIntent s, RolloutIntent r) throws Exception {
        // Parity alone would pass if every target dropped the same field; also tie the values to the intent.
        Invariants eks = Invariants.of(renderAll(s, r, false).get(2));
        assertEquals(Fixtures.IMAGE.reference(), eks.image());
        assertEquals(s.port(), eks.port());
        assertEquals(s.healthCheck().path(), eks.healthPath());
        assertEquals(s.healthCheck().interval().toSeconds(), eks.intervalSeconds());
        assertEquals(s.healthCheck().gracePeriod().toSeconds(), eks.graceSeconds());
        assertEquals(s.replicas(), eks.replicas());
        assertEquals(Sizing.cpuMillis(s.cpu()), eks.cpuMillis());
        assertEquals(s.memoryMiB(), eks.memoryMiB());
        assertEquals(s.env(), eks.env());
        assertEquals(s.secrets(), eks.secrets());
        assertEquals(RolloutMath.resolve(s.replicas(), r).surge(), eks.surgeTasks());
        assertEquals(RolloutMath.resolve(s.replicas(), r).unavailable(), eks.unavailableTasks());
        assertEquals("30", eks.deregistrationDelay());
        assertEquals(s.stopTimeout().toSeconds(), eks.stopSeconds());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("intents")
    void aChangedIntentChangesEveryTarget(String name, ServiceIntent s, RolloutIntent r) throws Exception {
        Invariants before = Invariants.of(renderAll(s, r, false).get(0));
        ServiceIntent changed = s.toBuilder().env("FEATURE_X", "on").build();
        List<RenderedTarget> after = renderAll(changed, r, false);
        assertNotEquals(before, Invariants.of(after.get(0)));
        assertEquals(Invariants.of(after.get(0)), Invariants.of(after.get(2)));
    }

    @org.junit.jupiter.api.Test
    void replicasOutsideTheAutoscalingBoundsStartAtTheNearestBoundEverywhere() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder().replicas(1).autoscaling(Autoscaling.cpu(3, 8, 50)).build();
        List<RenderedTarget> r = renderAll(s, Fixtures.rollout(), false);
        for (RenderedTarget t : r) {
            assertEquals(3, Invariants.of(t).replicas(), t.target());
        }
        assertEquals(Invariants.of(r.get(0)), Invariants.of(r.get(2)));
    }

    @org.junit.jupiter.api.Test
    void bridgeModeOnEc2KeepsTheSameInvariants() throws Exception {
        DeployTarget bridge = Fixtures.ecsEc2().toBuilder()
                .network(new Network(NetworkMode.BRIDGE, List.of(), List.of(), false)).build();
        List<RenderedTarget> r = Renderer.standard().renderAll(Fixtures.orders(), Fixtures.rollout(),
                List.of(Fixtures.fargate(), bridge), Fixtures.IMAGE, Fixtures.REVISION, "pipeline.yaml");
        assertEquals(Invariants.of(r.get(0)), Invariants.of(r.get(1)));
    }
}
