package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** Target health driven by real HTTP checks against little local servers, read through the real SDK. */
class TargetHealthIT {

    @Test
    void newTargetIsNotInUseUntilAListenerForwardsThenInitialThenHealthyAfterOnePassingCheck() throws Exception {
        // Factor 5: RegistrationInProgress (10 cloud s) lasts 2 s of wall time and the first check is held in
        // flight for 1 s (its timeout is 10 cloud s = 2 s), so a poller on a loaded machine sees every state.
        try (TargetServer app = new TargetServer("app"); LocalElb env = new LocalElb(5)) {
            app.healthDelayMillis = 1000; // keeps the first check in flight long enough to be seen
            String lb = env.createAlb("web").loadBalancerArn();
            String tg = env.createTargetGroup("web", b -> b.healthCheckIntervalSeconds(30).healthyThresholdCount(5)
                    .healthCheckTimeoutSeconds(10));
            env.register(tg, app.port());
            assertEquals("unused/Target.NotInUse", LocalElb.label(env.health(tg, app.port())));

            env.forwardListener(lb, tg);
            List<String> seen = new ArrayList<>();
            LocalElb.await("healthy", () -> {
                String label = LocalElb.label(env.health(tg, app.port()));
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(label)) {
                    seen.add(label);
                }
                return label.startsWith("healthy");
            });
            int checksWhenHealthy = app.healthChecks.get();
            assertEquals(List.of("initial/Elb.RegistrationInProgress", "initial/Elb.InitialHealthChecking",
                    "healthy/null"), seen);
            assertEquals(1, checksWhenHealthy, "a new target is healthy after ONE passing check, "
                    + "whatever HealthyThresholdCount says");
            TargetHealth healthy = env.health(tg, app.port());
            assertNull(healthy.description(), "healthy targets carry no description");
        }
    }

    @Test
    void targetAnswering503IsUnhealthyWithResponseCodeMismatchAndRecoversAfterHealthyThreshold() throws Exception {
        try (TargetServer app = new TargetServer("app"); LocalElb env = new LocalElb(50)) {
            app.healthStatus.set(503);
            String lb = env.createAlb("web").loadBalancerArn();
            String tg = env.createTargetGroup("web", b -> b.unhealthyThresholdCount(2).healthyThresholdCount(4));
            env.forwardListener(lb, tg);
            env.register(tg, app.port());
            LocalElb.await("unhealthy", () -> env.health(tg, app.port()).stateAsString().equals("unhealthy"));
            TargetHealth h = env.health(tg, app.port());
            assertEquals("Target.ResponseCodeMismatch", h.reasonAsString());
            assertEquals("Health checks failed with these codes: [503]", h.description());
            assertTrue(app.healthChecks.get() >= 2, "UnhealthyThresholdCount=2 failures were needed");

            app.healthStatus.set(200);
            int before = app.healthChecks.get();
            LocalElb.await("recovered", () -> env.health(tg, app.port()).stateAsString().equals("healthy"));
            // One check counted before the switch may already have read 200; the rest came after it.
            assertTrue(app.healthChecks.get() - before >= 3,
                    "recovery needs HealthyThresholdCount=4 passes, saw " + (app.healthChecks.get() - before));
        }
    }

    @Test
    void closedPortIsUnhealthyWithFailedHealthChecks() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (LocalElb env = new LocalElb(50)) {
            String lb = env.createAlb("web").loadBalancerArn();
            String tg = env.createTargetGroup("web", b -> { });
            env.forwardListener(lb, tg);
            env.register(tg, closedPort);
            LocalElb.await("unhealthy", () -> env.health(tg, closedPort).stateAsString().equals("unhealthy"));
            TargetHealth h = env.health(tg, closedPort);
            assertEquals("Target.FailedHealthChecks", h.reasonAsString());
            assertEquals("Health checks failed", h.description());
        }
    }

    @Test
    void slowTargetIsUnhealthyWithTimeout() throws Exception {
        try (TargetServer app = new TargetServer("slow");
                LocalElb env = new LocalElb(50)) {
            app.healthDelayMillis = 1500; // beyond the 1 s wall-clock floor of a check timeout
            String lb = env.createAlb("web").loadBalancerArn();
            String tg = env.createTargetGroup("web", b -> b.healthCheckTimeoutSeconds(2));
            env.forwardListener(lb, tg);
            env.register(tg, app.port());
            LocalElb.await("unhealthy", () -> env.health(tg, app.port()).stateAsString().equals("unhealthy"));
            TargetHealth h = env.health(tg, app.port());
            assertEquals("Target.Timeout", h.reasonAsString());
            assertEquals("Request timed out", h.description());
        }
    }

    @Test
    void deregisteredTargetDrainsForTheWholeDelayThenIsUnusedAndGone() throws Exception {
        try (TargetServer app = new TargetServer("app"); LocalElb env = new LocalElb(50)) {
            String lb = env.createAlb("web").loadBalancerArn();
            String tg = env.createTargetGroup("web", b -> { });
            env.client.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(
                    a -> a.key("deregistration_delay.timeout_seconds").value("60")));
            env.forwardListener(lb, tg);
            env.register(tg, app.port());
            LocalElb.await("healthy", () -> env.health(tg, app.port()).stateAsString().equals("healthy"));

            long t0 = env.clock.now().toEpochMilli();
            env.client.deregisterTargets(r -> r.targetGroupArn(tg).targets(LocalElb.target(app.port())));
            long delayEnd = t0 + 60_000;
            int drainingSeen = 0;
            long goneSeenAt = -1;
            while (goneSeenAt < 0) {
                TargetHealth h = env.health(tg, app.port());
                long after = env.clock.now().toEpochMilli();
                if (h.stateAsString().equals("draining")) {
                    assertEquals("Target.DeregistrationInProgress", h.reasonAsString());
                    drainingSeen++;
                } else {
                    assertEquals("unused/Target.NotRegistered", LocalElb.label(h));
                    assertEquals("Target is not registered to the target group", h.description());
                    goneSeenAt = after;
                }
                if (after < delayEnd) {
                    assertEquals("draining", h.stateAsString(), "still inside the deregistration delay");
                }
                assertTrue(after < delayEnd + 600_000, "target never left draining");
                Thread.sleep(10);
            }
            assertTrue(drainingSeen > 5, "draining was observable for the delay, seen " + drainingSeen);
            assertTrue(goneSeenAt >= delayEnd, "left draining only after the delay");
            List<TargetHealthDescription> all = env.client.describeTargetHealth(r -> r.targetGroupArn(tg))
                    .targetHealthDescriptions();
            assertTrue(all.isEmpty(), "a drained target is no longer listed: " + all);
            assertFalse(env.elb.health(tg, "127.0.0.1", app.port()).state().equals("draining"));
        }
    }
}
