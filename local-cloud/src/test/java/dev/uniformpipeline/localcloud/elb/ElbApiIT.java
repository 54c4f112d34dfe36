package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyTargetGroupsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.waiters.ElasticLoadBalancingV2Waiter;

/** The ELBv2 API through local-cloud's front door and the real SDK: shapes, defaults, errors, waiters. */
class ElbApiIT {

    private static Action forward(String tg) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build();
    }

    private static RuleCondition path(String... values) {
        return RuleCondition.builder().field("path-pattern").pathPatternConfig(p -> p.values(values)).build();
    }

    /** Adds a rule forwarding requests whose path matches {@code pattern} to {@code tg}; returns the rule's ARN. */
    private static String pathRule(LocalElb env, String listener, int priority, String pattern, String tg) {
        return env.client.createRule(r -> r.listenerArn(listener).priority(priority).conditions(path(pattern))
                .actions(forward(tg))).rules().get(0).ruleArn();
    }

    @Test
    void loadBalancerIsProvisioningThenActiveAndItsDnsNameReachesItsPort() throws Exception {
        try (LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("orders");
            assertTrue(lb.loadBalancerArn().matches(
                    "arn:aws:elasticloadbalancing:us-east-1:\\d{12}:loadbalancer/app/orders/[0-9a-f]{16}"),
                    lb.loadBalancerArn());
            assertEquals("provisioning", lb.state().codeAsString());
            assertEquals("application", lb.typeAsString());
            assertEquals("internet-facing", lb.schemeAsString());
            assertEquals(2, lb.availabilityZones().size());

            ElasticLoadBalancingV2Waiter waiter = ElasticLoadBalancingV2Waiter.builder().client(env.client)
                    .overrideConfiguration(WaiterOverrideConfiguration.builder().maxAttempts(400)
                            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(25))).build())
                    .build();
            waiter.waitUntilLoadBalancerAvailable(r -> r.names("orders"));
            assertEquals("active", env.client.describeLoadBalancers(r -> r.names("orders")).loadBalancers().get(0)
                    .state().codeAsString());

            String tg = env.createTargetGroup("orders", b -> { });
            env.forwardListener(lb.loadBalancerArn(), tg);
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + lb.dnsName() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode(), "no targets yet, but the DNS name reaches the load balancer");
            assertEquals(URI.create("http://" + lb.dnsName()), env.elb.endpoint(lb.loadBalancerArn()).orElseThrow());

            try (TargetServer app = new TargetServer("app")) {
                env.register(tg, app.port());
                waiter.waitUntilTargetInService(b -> b.targetGroupArn(tg).targets(LocalElb.target(app.port())));
                env.client.deregisterTargets(b -> b.targetGroupArn(tg).targets(LocalElb.target(app.port())));
                assertEquals(TargetHealthStateEnum.DRAINING, env.health(tg, app.port()).state());
                // 300 s default delay at factor 50: 6 s of wall time.
                waiter.waitUntilTargetDeregistered(b -> b.targetGroupArn(tg).targets(LocalElb.target(app.port())));
                assertEquals("unused/Target.NotRegistered", LocalElb.label(env.health(tg, app.port())));
            }
        }
    }

    @Test
    void targetGroupGetsAlbDefaultsAndAttributes() throws Exception {
        try (LocalElb env = new LocalElb(50)) {
            TargetGroup tg = env.client.createTargetGroup(r -> r.name("defaults").protocol(ProtocolEnum.HTTP)
                    .port(8080).vpcId("vpc-1").targetType("ip")).targetGroups().get(0);
            assertEquals("HTTP", tg.healthCheckProtocolAsString());
            assertEquals("traffic-port", tg.healthCheckPort());
            assertEquals("/", tg.healthCheckPath());
            assertEquals(30, tg.healthCheckIntervalSeconds());
            assertEquals(5, tg.healthCheckTimeoutSeconds());
            assertEquals(5, tg.healthyThresholdCount());
            assertEquals(2, tg.unhealthyThresholdCount());
            assertEquals("200", tg.matcher().httpCode());
            assertTrue(tg.loadBalancerArns().isEmpty());
            Map<String, String> attrs = env.client.describeTargetGroupAttributes(r -> r.targetGroupArn(
                    tg.targetGroupArn())).attributes().stream().collect(Collectors.toMap(a -> a.key(), a -> a.value()));
            assertEquals("300", attrs.get("deregistration_delay.timeout_seconds"));
            assertEquals("0", attrs.get("slow_start.duration_seconds"));
            assertEquals("false", attrs.get("stickiness.enabled"));
            assertEquals("round_robin", attrs.get("load_balancing.algorithm.type"));

            TargetGroup modified = env.client.modifyTargetGroup(r -> r.targetGroupArn(tg.targetGroupArn())
                    .healthCheckPath("/health").matcher(m -> m.httpCode("200-299"))).targetGroups().get(0);
            assertEquals("/health", modified.healthCheckPath());
            assertEquals("200-299", modified.matcher().httpCode());
            assertEquals(1, env.client.describeTargetGroups(r -> r.names("defaults")).targetGroups().size());

            // Same name, same settings: AWS answers the existing group.
            TargetGroup again = env.client.createTargetGroup(r -> r.name("defaults").protocol(ProtocolEnum.HTTP)
                    .port(8080).vpcId("vpc-1").targetType("ip").healthCheckPath("/health")
                    .matcher(m -> m.httpCode("200-299"))).targetGroups().get(0);
            assertEquals(tg.targetGroupArn(), again.targetGroupArn());
        }
    }

    @Test
    void errorsCarryElbCodesWithoutTheExceptionSuffix() throws Exception {
        try (LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("errs");
            String tg = env.createTargetGroup("errs", b -> { });
            String listener = env.forwardListener(lb.loadBalancerArn(), tg);
            pathRule(env, listener, 7, "/a/*", tg);

            PriorityInUseException inUse = assertThrows(PriorityInUseException.class, () -> env.client.createRule(
                    r -> r.listenerArn(listener).priority(7).conditions(path("/b/*")).actions(forward(tg))));
            assertEquals("PriorityInUse", inUse.awsErrorDetails().errorCode());
            assertEquals(400, inUse.statusCode());

            DuplicateTargetGroupNameException dup = assertThrows(DuplicateTargetGroupNameException.class,
                    () -> env.createTargetGroup("errs", b -> b.port(9090)));
            assertEquals("DuplicateTargetGroupName", dup.awsErrorDetails().errorCode());

            String missing = tg.replace("targetgroup/errs/", "targetgroup/nope/");
            TargetGroupNotFoundException notFound = assertThrows(TargetGroupNotFoundException.class,
                    () -> env.client.describeTargetHealth(r -> r.targetGroupArn(missing)));
            assertEquals("TargetGroupNotFound", notFound.awsErrorDetails().errorCode());
            assertThrows(TargetGroupNotFoundException.class,
                    () -> env.client.describeTargetGroups(r -> r.names("nope")));

            ElasticLoadBalancingV2Exception interval = assertThrows(ElasticLoadBalancingV2Exception.class,
                    () -> env.createTargetGroup("interval", b -> b.healthCheckIntervalSeconds(400)));
            assertEquals("ValidationError", interval.awsErrorDetails().errorCode());
            assertEquals(400, interval.statusCode());
            assertTrue(interval.awsErrorDetails().errorMessage().contains("healthCheckIntervalSeconds"),
                    interval.awsErrorDetails().errorMessage());

            ElasticLoadBalancingV2Exception timeout = assertThrows(ElasticLoadBalancingV2Exception.class,
                    () -> env.createTargetGroup("timeout", b -> b.healthCheckIntervalSeconds(10)
                            .healthCheckTimeoutSeconds(10)));
            assertEquals("ValidationError", timeout.awsErrorDetails().errorCode());

            ElasticLoadBalancingV2Exception priority = assertThrows(ElasticLoadBalancingV2Exception.class,
                    () -> env.client.createRule(r -> r.listenerArn(listener).priority(50001)
                            .conditions(path("/c")).actions(forward(tg))));
            assertEquals("ValidationError", priority.awsErrorDetails().errorCode());

            ElasticLoadBalancingV2Exception classic = assertThrows(ElasticLoadBalancingV2Exception.class,
                    () -> env.client.createLoadBalancer(r -> r.name("old").type("classic")));
            assertEquals("ValidationError", classic.awsErrorDetails().errorCode());
            assertTrue(classic.awsErrorDetails().errorMessage().contains("[application, network, gateway]"));

            ResourceInUseException busy = assertThrows(ResourceInUseException.class,
                    () -> env.client.deleteTargetGroup(r -> r.targetGroupArn(tg)));
            assertEquals("ResourceInUse", busy.awsErrorDetails().errorCode());

            assertThrows(LoadBalancerNotFoundException.class, () -> env.client.describeLoadBalancers(
                    r -> r.names("missing")));

            List<TargetGroupTuple> six = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String other = env.createTargetGroup("six-" + i, b -> { });
                six.add(TargetGroupTuple.builder().targetGroupArn(other).weight(1).build());
            }
            assertThrows(TooManyTargetGroupsException.class, () -> env.client.createRule(r -> r.listenerArn(listener)
                    .priority(8).conditions(path("/six")).actions(Action.builder().type(ActionTypeEnum.FORWARD)
                            .forwardConfig(ForwardActionConfig.builder().targetGroups(six).build()).build())));

            ElasticLoadBalancingV2Exception badTarget = assertThrows(ElasticLoadBalancingV2Exception.class,
                    () -> env.client.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("i-123"))));
            assertEquals("InvalidTarget", badTarget.awsErrorDetails().errorCode());
        }
    }

    @Test
    void rulesAreDescribedInPriorityOrderWithTheDefaultLastAndCanBeReprioritized() throws Exception {
        try (LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("rules");
            String tg = env.createTargetGroup("rules", b -> { });
            String listener = env.forwardListener(lb.loadBalancerArn(), tg);
            String r20 = pathRule(env, listener, 20, "/b", tg);
            String r10 = env.client.createRule(r -> r.listenerArn(listener).priority(10)
                    .conditions(RuleCondition.builder().field("http-header").httpHeaderConfig(
                            h -> h.httpHeaderName("X-Canary").values("yes")).build(),
                            RuleCondition.builder().field("query-string").queryStringConfig(
                                    q -> q.values(v -> v.key("v").value("2"))).build())
                    .actions(forward(tg))).rules().get(0).ruleArn();
            List<Rule> rules = env.client.describeRules(r -> r.listenerArn(listener)).rules();
            assertEquals(List.of("10", "20", "default"), rules.stream().map(Rule::priority).toList());
            assertEquals(List.of(false, false, true), rules.stream().map(Rule::isDefault).toList());
            assertEquals("X-Canary", rules.get(0).conditions().get(0).httpHeaderConfig().httpHeaderName());
            assertEquals("2", rules.get(0).conditions().get(1).queryStringConfig().values().get(0).value());
            assertEquals(tg, rules.get(2).actions().get(0).forwardConfig().targetGroups().get(0).targetGroupArn());

            assertThrows(PriorityInUseException.class, () -> env.client.setRulePriorities(
                    r -> r.rulePriorities(p -> p.ruleArn(r20).priority(10))));
            env.client.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(r20).priority(10),
                    p -> p.ruleArn(r10).priority(20)));
            assertEquals(List.of(r20, r10), env.client.describeRules(r -> r.listenerArn(listener)).rules().stream()
                    .filter(x -> !x.isDefault()).map(Rule::ruleArn).toList());

            env.client.deleteRule(r -> r.ruleArn(r20));
            assertEquals(2, env.client.describeRules(r -> r.listenerArn(listener)).rules().size());
            String defaultRule = env.client.describeRules(r -> r.listenerArn(listener)).rules().get(1).ruleArn();
            ElasticLoadBalancingV2Exception e = assertThrows(ElasticLoadBalancingV2Exception.class,
                    () -> env.client.deleteRule(r -> r.ruleArn(defaultRule)));
            assertEquals("OperationNotPermitted", e.awsErrorDetails().errorCode());

            env.client.addTags(r -> r.resourceArns(listener).tags(t -> t.key("team").value("shop")));
            assertEquals("shop", env.client.describeTags(r -> r.resourceArns(listener)).tagDescriptions().get(0)
                    .tags().get(0).value());

            env.client.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
            assertTrue(env.client.describeTargetGroups(r -> r.targetGroupArns(tg)).targetGroups().get(0)
                    .loadBalancerArns().isEmpty());
            env.client.deleteTargetGroup(r -> r.targetGroupArn(tg));
        }
    }

    @Test
    void snapshotRestoresLoadBalancersGroupsTargetsAndRules() throws Exception {
        try (LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("saved");
            String tg = env.createTargetGroup("saved", b -> { });
            String listener = env.forwardListener(lb.loadBalancerArn(), tg);
            pathRule(env, listener, 3, "/x/*", tg);
            env.register(tg, 8081);
            JsonNode snapshot = env.elb.snapshot();

            try (ElbService restored = ElbService.builder(env.clock).build()) {
                restored.restore(snapshot);
                RequestContext ctx = new RequestContext("us-east-1", lb.loadBalancerArn().split(":")[4], "AKID", "r");
                String rules = restored.call("DescribeRules", Map.of("ListenerArn", listener), ctx);
                assertTrue(rules.contains("<Priority>3</Priority>"), rules);
                assertTrue(rules.contains("/x/*"), rules);
                String health = restored.call("DescribeTargetHealth", Map.of("TargetGroupArn", tg), ctx);
                assertTrue(health.contains("<Id>127.0.0.1</Id><Port>8081</Port>"), health);
                String lbs = restored.call("DescribeLoadBalancers", Map.of(), ctx);
                assertTrue(lbs.contains(lb.loadBalancerArn()), lbs);
                assertTrue(restored.endpoint(lb.loadBalancerArn()).isPresent());
                assertFalse(restored.snapshot().path("loadBalancers").isEmpty());
            }
        }
    }
}
