package dev.uniformpipeline.core.deploy.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uniformpipeline.core.deploy.DeployTarget;
import dev.uniformpipeline.core.deploy.Fixtures;
import dev.uniformpipeline.core.deploy.ImageRef;
import dev.uniformpipeline.core.deploy.RenderInput;
import dev.uniformpipeline.core.deploy.RenderedResource;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.Renderer;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.ServiceIntent;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.plan.ResourceChange.Action;

class PlanDiffTest {

    /** A fake of what the deployer's Describe/GET calls return. */
    static final class FakeState implements CurrentState {
        final Map<ResourceRef, JsonNode> objects = new HashMap<>();

        @Override
        public Optional<JsonNode> find(ResourceRef ref) {
            return Optional.ofNullable(objects.get(ref)).map(JsonNode::deepCopy);
        }

        ObjectNode get(String kind) {
            return (ObjectNode) objects.entrySet().stream().filter(e -> e.getKey().kind().equals(kind)).findFirst().orElseThrow().getValue();
        }
    }

    private static RenderedTarget render(RenderInput in) throws Exception {
        return Renderer.standard().render(in);
    }

    /**
     * What the platform would answer after a deploy of {@code deployed}: the same fields plus the ones the platform
     * adds, with its own normalisations (ARNs instead of names, canonical quantities, reordered lists, omitted zeros).
     */
    static FakeState liveAfterDeploying(RenderedTarget deployed) {
        FakeState s = new FakeState();
        for (RenderedResource r : deployed.resources()) {
            ObjectNode o = (ObjectNode) r.desired();
            String kind = r.ref().kind();
            if (kind.equals(ResourceRef.ECS_TASK_DEFINITION)) {
                o.put("revision", 7).put("status", "ACTIVE").put("taskDefinitionArn",
                        "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + r.ref().id() + ":7");
                o.remove("tags");
                for (JsonNode c : o.withArray("containerDefinitions")) {
                    ((ObjectNode) c).put("cpu", 0).putArray("volumesFrom");
                    ArrayNode env = (ArrayNode) c.path("environment");
                    if (env.size() > 1) {
                        JsonNode first = env.remove(0);
                        env.add(first);
                    }
                }
            } else if (kind.equals(ResourceRef.ECS_SERVICE)) {
                o.put("clusterArn", "arn:aws:ecs:eu-west-1:123456789012:cluster/" + o.path("cluster").asText());
                o.remove("cluster");
                o.put("taskDefinition", "arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-x:7");
                o.put("status", "ACTIVE").put("runningCount", 2).putArray("deployments");
            } else if (kind.equals(ResourceRef.ELB_TARGET_GROUP) && o.has("Name")) {
                o.set("TargetGroupName", o.remove("Name"));
                o.put("TargetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/1")
                        .put("VpcId", "vpc-0live").putArray("LoadBalancerArns");
            } else if (kind.equals(ResourceRef.ELB_LISTENER_RULE)) {
                o.remove("ListenerArn");
                o.put("Priority", "12").put("IsDefault", false).put("RuleArn", "arn:aws:elasticloadbalancing:rule/1");
                ((ObjectNode) o.withArray("Actions").get(0)).put("Order", 1)
                        .put("TargetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/1");
            } else if (kind.equals("k8s:apps/v1/Deployment")) {
                o.with("metadata").put("uid", "5f0c").put("generation", 3);
                o.with("status").put("replicas", 2);
                ObjectNode app = (ObjectNode) o.at("/spec/template/spec/containers/0");
                app.put("terminationMessagePath", "/dev/termination-log");
                app.with("resources").with("requests").put("memory", "1Gi");
                app.with("resources").with("limits").put("memory", "1Gi");
                ((ObjectNode) app.path("readinessProbe")).remove("initialDelaySeconds");
            }
            s.objects.put(r.ref(), o);
        }
        return s;
    }

    private static ResourceChange change(TargetPlan p, String kind) {
        return p.changes().stream().filter(c -> c.ref().kind().equals(kind)).findFirst().orElseThrow();
    }

    private static FieldChange field(ResourceChange c, String path) {
        return c.fields().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no change at " + path + " in " + c.fields()));
    }

    @Test
    void nothingDeployedYetMeansEverythingIsCreated() throws Exception {
        TargetPlan p = PlanDiff.plan(render(Fixtures.input(Fixtures.fargate())), CurrentState.empty());
        assertTrue(p.changes().stream().allMatch(c -> c.action() == Action.CREATE), p.changes().toString());
        assertEquals(p.changes().size(), render(Fixtures.input(Fixtures.fargate())).resources().size());
    }

    @Test
    void redeployingTheSameThingChangesNothingDespitePlatformDefaults() throws Exception {
        for (DeployTarget t : List.of(Fixtures.fargate(), Fixtures.ecsEc2(), Fixtures.eks())) {
            RenderedTarget r = render(Fixtures.input(t));
            TargetPlan p = PlanDiff.plan(r, liveAfterDeploying(r));
            assertFalse(p.hasChanges(), t.name() + ": " + p.changes());
            assertTrue(p.summary().endsWith(p.changes().size() + " unchanged"), p.summary());
        }
    }

    @Test
    void aTargetGroupAndRuleThePipelineCreatedEarlierAreRecognised() throws Exception {
        DeployTarget t = Fixtures.ecsEc2().toBuilder().loadBalancer(dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer.rule(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/2", "/orders/*", null)).build();
        RenderedTarget r = render(Fixtures.input(t));
        FakeState live = liveAfterDeploying(r);
        TargetPlan p = PlanDiff.plan(r, live);
        assertFalse(p.hasChanges(), p.changes().toString());
        live.get(ResourceRef.ELB_TARGET_GROUP).put("TargetType", "instance");
        ResourceChange tg = change(PlanDiff.plan(r, live), ResourceRef.ELB_TARGET_GROUP);
        assertEquals(Action.REPLACE, tg.action());
        assertEquals(List.of(new FieldChange("TargetType", "\"instance\"", "\"ip\"")), tg.fields());
    }

    @Test
    void aNewImageRegistersARevisionAndRollsTheServiceAndTheDeployment() throws Exception {
        ImageRef next = new ImageRef(Fixtures.IMAGE.repository(), "sha256:" + "ab".repeat(32));
        for (DeployTarget t : List.of(Fixtures.fargate(), Fixtures.eks())) {
            FakeState live = liveAfterDeploying(render(Fixtures.input(t)));
            RenderInput in = Fixtures.input(t);
            RenderedTarget desired = render(new RenderInput(in.service(), in.rollout(), t, next, in.gitRevision(), in.sourceFile()));
            TargetPlan p = PlanDiff.plan(desired, live);
            if (t.type().isEcs()) {
                ResourceChange td = change(p, ResourceRef.ECS_TASK_DEFINITION);
                assertEquals(Action.UPDATE, td.action());
                assertTrue(td.note().contains("new revision"));
                FieldChange image = field(td, "containerDefinitions[orders].image");
                assertTrue(image.before().contains("3f3f") && image.after().contains("abab"), image.toString());
                ResourceChange svc = change(p, ResourceRef.ECS_SERVICE);
                assertEquals(Action.UPDATE, svc.action());
                assertEquals("\"arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-x:7\"", field(svc, "taskDefinition").before());
                assertEquals(Action.NO_CHANGE, change(p, ResourceRef.ELB_TARGET_GROUP).action());
            } else {
                ResourceChange dep = change(p, "k8s:apps/v1/Deployment");
                assertEquals(Action.UPDATE, dep.action());
                field(dep, "spec.template.spec.containers[orders].image");
                assertEquals(Action.NO_CHANGE, change(p, "k8s:v1/Service").action());
            }
        }
    }

    @Test
    void removedAndAddedEnvironmentVariablesAreNamed() throws Exception {
        RenderInput in = Fixtures.input(Fixtures.ecsEc2());
        FakeState live = liveAfterDeploying(render(in.withService(in.service().toBuilder().env("OLD_FLAG", "1").build())));
        TargetPlan p = PlanDiff.plan(render(in.withService(in.service().toBuilder().env("NEW_FLAG", "2").build())), live);
        ResourceChange td = change(p, ResourceRef.ECS_TASK_DEFINITION);
        FieldChange removed = field(td, "containerDefinitions[orders].environment[OLD_FLAG]");
        assertNull(removed.after());
        FieldChange added = field(td, "containerDefinitions[orders].environment[NEW_FLAG]");
        assertNull(added.before());
        assertEquals(2, td.fields().size(), td.fields().toString());
    }

    @Test
    void healthGateChangesShowOnTheTargetGroupAndTheProbes() throws Exception {
        RenderInput in = Fixtures.input(Fixtures.eks());
        FakeState live = liveAfterDeploying(render(in));
        HealthCheck h = in.service().healthCheck();
        ServiceIntent slower = in.service().toBuilder().healthCheck(h.withTimings(Duration.ofSeconds(20), h.timeout(),
                h.healthyThreshold(), h.unhealthyThreshold(), h.gracePeriod())).build();
        TargetPlan p = PlanDiff.plan(render(in.withService(slower)), live);
        FieldChange tg = field(change(p, ResourceRef.ELB_TARGET_GROUP), "HealthCheckIntervalSeconds");
        assertEquals("10", tg.before());
        assertEquals("20", tg.after());
        field(change(p, "k8s:apps/v1/Deployment"), "spec.template.spec.containers[orders].readinessProbe.periodSeconds");
    }

    @Test
    void theDefault300sDeregistrationDelayIsReportedAsAnUpdate() throws Exception {
        RenderedTarget r = render(Fixtures.input(Fixtures.fargate()));
        FakeState live = liveAfterDeploying(r);
        live.get(ResourceRef.ELB_TARGET_GROUP_ATTRIBUTES).put("deregistration_delay.timeout_seconds", "300")
                .put("stickiness.enabled", "false");
        ResourceChange c = change(PlanDiff.plan(r, live), ResourceRef.ELB_TARGET_GROUP_ATTRIBUTES);
        assertEquals(Action.UPDATE, c.action());
        assertEquals(List.of(new FieldChange("deregistration_delay.timeout_seconds", "\"300\"", "\"30\"")), c.fields());
    }

    @Test
    void immutableFieldsForceAReplacement() throws Exception {
        RenderedTarget r = render(Fixtures.input(Fixtures.ecsEc2().toBuilder().capacityProviders(List.of()).build()));
        FakeState live = liveAfterDeploying(r);
        live.get(ResourceRef.ECS_SERVICE).put("launchType", "FARGATE");
        assertEquals(Action.REPLACE, change(PlanDiff.plan(r, live), ResourceRef.ECS_SERVICE).action());

        RenderedTarget k = render(Fixtures.input(Fixtures.eks()));
        FakeState kLive = liveAfterDeploying(k);
        kLive.get("k8s:apps/v1/Deployment").with("spec").with("selector").with("matchLabels").put("app", "legacy");
        kLive.get("k8s:apps/v1/Deployment").with("spec").with("selector").with("matchLabels").remove("app.kubernetes.io/name");
        assertEquals(Action.REPLACE, change(PlanDiff.plan(k, kLive), "k8s:apps/v1/Deployment").action());
    }

    @Test
    void theAutoscalersCountIsNotAChange() throws Exception {
        RenderedTarget r = render(Fixtures.input(Fixtures.fargate()));
        FakeState live = liveAfterDeploying(r);
        live.get(ResourceRef.ECS_SERVICE).put("desiredCount", 7);
        assertEquals(Action.NO_CHANGE, change(PlanDiff.plan(r, live), ResourceRef.ECS_SERVICE).action());

        RenderInput fixed = Fixtures.input(Fixtures.fargate()).withService(Fixtures.orders().toBuilder().autoscaling(null).build());
        RenderedTarget rf = render(fixed);
        FakeState liveFixed = liveAfterDeploying(rf);
        liveFixed.get(ResourceRef.ECS_SERVICE).put("desiredCount", 7);
        FieldChange f = field(change(PlanDiff.plan(rf, liveFixed), ResourceRef.ECS_SERVICE), "desiredCount");
        assertEquals("7", f.before());
        assertEquals("2", f.after());
    }

    @Test
    void quantitiesCompareByAmount() {
        List<FieldChange> out = new java.util.ArrayList<>();
        ObjectNode d = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        d.with("resources").with("limits").put("memory", "1024Mi").put("cpu", "500m");
        ObjectNode c = d.deepCopy();
        c.with("resources").with("limits").put("memory", "1Gi").put("cpu", "0.5");
        PlanDiff.diff(d, c, "", out);
        assertEquals(List.of(), out);
        c.with("resources").with("limits").put("memory", "2Gi");
        PlanDiff.diff(d, c, "", out);
        assertEquals(1, out.size());
        assertEquals("resources.limits.memory", out.get(0).path());
    }

    @Test
    void plansEveryTargetWithItsOwnState() throws Exception {
        List<RenderedTarget> all = Renderer.standard().renderAll(Fixtures.orders(), Fixtures.rollout(),
                List.of(Fixtures.fargate(), Fixtures.eks()), Fixtures.IMAGE, Fixtures.REVISION, "pipeline.yaml");
        FakeState deployedFargate = liveAfterDeploying(all.get(0));
        List<TargetPlan> plans = PlanDiff.plan(all, name -> name.equals("staging") ? deployedFargate : CurrentState.empty());
        assertFalse(plans.get(0).hasChanges());
        assertTrue(plans.get(1).changes().stream().allMatch(c -> c.action() == Action.CREATE));
    }
}
