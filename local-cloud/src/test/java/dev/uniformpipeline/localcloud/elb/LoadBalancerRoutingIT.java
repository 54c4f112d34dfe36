package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/** The load balancer's real port: rules, weights, fail-open, draining and error answers. */
class LoadBalancerRoutingIT {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI base(LoadBalancer lb) {
        return URI.create("http://" + lb.dnsName() + "/");
    }

    private static Action forward(String tg) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build();
    }

    private static void awaitHealthy(LocalElb env, String tg, TargetServer... servers) throws InterruptedException {
        for (TargetServer s : servers) {
            LocalElb.await(s.name + " healthy", () -> env.health(tg, s.port()).stateAsString().equals("healthy"));
        }
    }

    @Test
    void requestsFollowPathRulesAndSplitByForwardWeights() throws Exception {
        try (TargetServer api = new TargetServer("api"); TargetServer blue = new TargetServer("blue");
                TargetServer green = new TargetServer("green"); LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("shop");
            String apiTg = env.createTargetGroup("api", b -> { });
            String blueTg = env.createTargetGroup("blue", b -> { });
            String greenTg = env.createTargetGroup("green", b -> { });
            String listener = env.client.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn())
                    .protocol(ProtocolEnum.HTTP).port(80).defaultActions(Action.builder().type(ActionTypeEnum.FORWARD)
                            .forwardConfig(ForwardActionConfig.builder().targetGroups(
                                    TargetGroupTuple.builder().targetGroupArn(blueTg).weight(1).build(),
                                    TargetGroupTuple.builder().targetGroupArn(greenTg).weight(3).build()).build())
                            .build())).listeners().get(0).listenerArn();
            env.client.createRule(r -> r.listenerArn(listener).priority(10).actions(forward(apiTg))
                    .conditions(RuleCondition.builder().field("path-pattern")
                            .pathPatternConfig(p -> p.values("/api/*")).build()));
            env.client.createRule(r -> r.listenerArn(listener).priority(20)
                    .actions(Action.builder().type(ActionTypeEnum.REDIRECT).redirectConfig(c -> c.path("/new")
                            .statusCode(RedirectActionStatusCodeEnum.HTTP_301)).build())
                    .conditions(RuleCondition.builder().field("path-pattern")
                            .pathPatternConfig(p -> p.values("/old")).build()));
            env.client.createRule(r -> r.listenerArn(listener).priority(5)
                    .actions(Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(c -> c
                            .statusCode("418").contentType("text/plain").messageBody("admin only")).build())
                    .conditions(RuleCondition.builder().field("host-header")
                            .hostHeaderConfig(p -> p.values("admin.*.example.com")).build()));
            env.register(apiTg, api.port());
            env.register(blueTg, blue.port());
            env.register(greenTg, green.port());
            awaitHealthy(env, apiTg, api);
            awaitHealthy(env, blueTg, blue);
            awaitHealthy(env, greenTg, green);

            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                HttpResponse<String> r = get(base(lb), "/shop?i=" + i);
                assertEquals(200, r.statusCode());
                counts.merge(r.body().split(" ")[0], 1, Integer::sum);
            }
            assertEquals(Map.of("blue", 100, "green", 300), counts, "weights 1:3 over 400 requests");
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = get(base(lb), "/api/orders/" + i);
                assertEquals("api /api/orders/" + i, r.body());
            }
            assertEquals(10, api.requests.get());
            assertEquals("127.0.0.1", api.lastForwardedFor);
            assertEquals(lb.dnsName(), api.lastHost, "the client's Host header reaches the target");

            byte[] payload = new byte[100_000];
            new java.util.Random(7).nextBytes(payload);
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base(lb).resolve("/api/upload"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode());
            assertEquals("POST", api.lastMethod);
            assertTrue(java.util.Arrays.equals(payload, api.lastBody), "the request body reached the target intact");
            HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(base(lb).resolve("/api/stream"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chunked.statusCode());
            assertTrue(java.util.Arrays.equals(payload, api.lastBody), "a chunked request body is forwarded intact");
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(base(lb).resolve("/api/x"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode());
            assertEquals("HEAD", api.lastMethod);

            HttpResponse<String> moved = get(base(lb), "/old?x=1");
            assertEquals(301, moved.statusCode());
            assertEquals("http://" + lb.dnsName() + "/new?x=1", moved.headers().firstValue("Location").orElseThrow());

            String admin = LocalElb.rawGet(base(lb), "/anything", "admin.eu.example.com");
            assertTrue(admin.startsWith("HTTP/1.1 418"), admin);
            assertTrue(admin.endsWith("admin only"), admin);
            String notAdmin = LocalElb.rawGet(base(lb), "/anything", "www.example.com");
            assertTrue(notAdmin.startsWith("HTTP/1.1 200"), notAdmin);
        }
    }

    @Test
    void whenEveryTargetIsUnhealthyTheGroupFailsOpenToAllOfThem() throws Exception {
        try (TargetServer a = new TargetServer("a"); TargetServer b = new TargetServer("b");
                LocalElb env = new LocalElb(50)) {
            a.healthStatus.set(500);
            b.healthStatus.set(500);
            LoadBalancer lb = env.createAlb("web");
            String tg = env.createTargetGroup("web", x -> { });
            env.forwardListener(lb.loadBalancerArn(), tg);
            env.register(tg, a.port());
            env.register(tg, b.port());
            for (TargetServer s : List.of(a, b)) {
                LocalElb.await("unhealthy", () -> env.health(tg, s.port()).stateAsString().equals("unhealthy"));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(200, get(base(lb), "/").statusCode());
            }
            assertEquals(10, a.requests.get());
            assertEquals(10, b.requests.get());

            // Once one target is healthy again, only it gets traffic.
            b.healthStatus.set(200);
            LocalElb.await("b healthy", () -> env.health(tg, b.port()).stateAsString().equals("healthy"));
            int aBefore = a.requests.get();
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(base(lb), "/").statusCode());
            }
            assertEquals(aBefore, a.requests.get(), "an unhealthy target gets nothing while a healthy one exists");
        }
    }

    @Test
    void drainingTargetGetsNoNewRequestsAndClientsSeeNoErrorsDuringTheDrain() throws Exception {
        try (TargetServer old = new TargetServer("old"); TargetServer fresh = new TargetServer("new");
                LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("web");
            String tg = env.createTargetGroup("web", x -> { });
            env.client.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                    a -> a.key("deregistration_delay.timeout_seconds").value("30")));
            env.forwardListener(lb.loadBalancerArn(), tg);
            env.register(tg, old.port());
            env.register(tg, fresh.port());
            awaitHealthy(env, tg, old, fresh);

            AtomicBoolean run = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Thread load = new Thread(() -> {
                while (run.get()) {
                    try {
                        if (get(base(lb), "/").statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            load.start();
            LocalElb.await("traffic on both", () -> old.requests.get() > 5 && fresh.requests.get() > 5);
            env.client.deregisterTargets(r -> r.targetGroupArn(tg).targets(LocalElb.target(old.port())));
            int oldAtDeregistration = old.requests.get();
            LocalElb.await("drained", () -> !env.health(tg, old.port()).stateAsString().equals("draining"));
            run.set(false);
            load.join();
            // One sequential client: at most one request was already routed to it when deregistration began.
            assertTrue(old.requests.get() - oldAtDeregistration <= 1,
                    "draining target got " + (old.requests.get() - oldAtDeregistration) + " new requests");
            assertEquals(0, failed.get(), "requests failed during the drain");
            assertTrue(ok.get() > 20, "load ran during the drain: " + ok.get());
        }
    }

    @Test
    void noTargetsAnswers503AndARefusingTargetAnswers502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("web");
            String tg = env.createTargetGroup("web", x -> { });
            env.forwardListener(lb.loadBalancerArn(), tg);
            HttpResponse<String> none = get(base(lb), "/");
            assertEquals(503, none.statusCode());
            assertEquals("awselb/2.0", none.headers().firstValue("Server").orElseThrow());
            assertTrue(none.body().contains("503 Service Temporarily Unavailable"));

            env.register(tg, closedPort);
            LocalElb.await("unhealthy", () -> env.health(tg, closedPort).stateAsString().equals("unhealthy"));
            HttpResponse<String> refused = get(base(lb), "/");
            assertEquals(502, refused.statusCode(), "fail-open forwards to the only target, which refuses");
            assertTrue(refused.body().contains("502 Bad Gateway"));
        }
    }
    @Test
    void lbCookieStickinessPinsAClientToOneTargetUntilItDrains() throws Exception {
        try (TargetServer a = new TargetServer("a"); TargetServer b = new TargetServer("b");
                LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("sticky");
            String tg = env.createTargetGroup("sticky", x -> { });
            env.client.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                    x -> x.key("stickiness.enabled").value("true"),
                    x -> x.key("deregistration_delay.timeout_seconds").value("0")));
            env.forwardListener(lb.loadBalancerArn(), tg);
            env.register(tg, a.port());
            env.register(tg, b.port());
            awaitHealthy(env, tg, a, b);

            HttpResponse<String> first = get(base(lb), "/");
            String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("AWSALB="))
                    .findFirst().orElseThrow().split(";")[0];
            assertTrue(first.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("AWSALBCORS=")));
            String pinned = first.body().split(" ")[0];
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base(lb)).header("Cookie", cookie).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(pinned, r.body().split(" ")[0], "a sticky client stays on its target");
            }
            TargetServer pinnedServer = pinned.equals("a") ? a : b;
            TargetServer other = pinnedServer == a ? b : a;
            env.client.deregisterTargets(r -> r.targetGroupArn(tg).targets(LocalElb.target(pinnedServer.port())));
            HttpResponse<String> moved = http.send(HttpRequest.newBuilder(base(lb)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(other.name, moved.body().split(" ")[0], "a draining target takes no sticky requests");
        }
    }
}
