package dev.uniformpipeline.localcloud.ecs;

import static dev.uniformpipeline.localcloud.ecs.EcsFixture.messages;
import static dev.uniformpipeline.localcloud.ecs.EcsFixture.unchecked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Service rollouts on the simulated runtime with a fake ELB: rolling updates, the breaker, the arithmetic. */
class EcsServiceRolloutIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final EcsFixture f = new EcsFixture(100);

    @AfterEach
    void close() {
        f.close();
    }

    private String tg;

    private String createService(String name, int desired, String td, String deploymentConfiguration, boolean lb)
            throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String lbs = "";
        if (lb) {
            tg = f.elb.addGroup(name, "ip", 8080, "/health", 10);
            lbs = ",'loadBalancers':[{'targetGroupArn':'" + tg + "','containerName':'web','containerPort':8080}]";
        }
        return f.call("CreateService", "{'cluster':'c','serviceName':'" + name + "','taskDefinition':'" + td
                + "','desiredCount':" + desired + ",'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net()
                + lbs + ",'deploymentConfiguration':" + deploymentConfiguration + "}")
                .at("/service/deployments/0/id").asText();
    }

    private JsonNode awaitSteady(String name, String td) {
        return f.await(name + " steady on " + td, WAIT, unchecked(() -> f.service("c", name)),
                s -> s.path("deployments").size() == 1 && s.path("runningCount").asInt() == s.path("desiredCount").asInt()
                        && td.equals(s.at("/deployments/0/taskDefinition").asText())
                        && "COMPLETED".equals(s.at("/deployments/0/rolloutState").asText())
                        && messages(s).get(0).endsWith("has reached a steady state."));
    }

    private static String body(String ip) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void rollingUpdateReplacesThreeTasksWithTwoDeploymentsVisibleMeanwhile() throws Exception {
        String v1 = f.webRevision("v1", "healthy");
        String v2 = f.webRevision("v2", "healthy");
        String firstId = createService("web", 3, v1,
                "{'deploymentCircuitBreaker':{'enable':true,'rollback':true}}", true);
        awaitSteady("web", v1);
        assertEquals(3, f.elb.registeredCount(tg));

        String newId = f.call("UpdateService", "{'cluster':'c','service':'web','taskDefinition':'" + v2 + "'}")
                .at("/service/deployments/0/id").asText();
        AtomicBoolean sawTwo = new AtomicBoolean();
        AtomicBoolean sawDraining = new AtomicBoolean();
        JsonNode done = f.await("rollout to v2", WAIT, unchecked(() -> {
            JsonNode s = f.service("c", "web");
            if (f.tasks("c", "web", "STOPPED").stream().anyMatch(t -> "DEACTIVATING".equals(t.path("lastStatus")
                    .asText()))) {
                sawDraining.set(true);
            }
            JsonNode d = s.path("deployments");
            if (d.size() == 2 && "PRIMARY".equals(d.get(0).path("status").asText())
                    && v2.equals(d.get(0).path("taskDefinition").asText())
                    && "ACTIVE".equals(d.get(1).path("status").asText())
                    && v1.equals(d.get(1).path("taskDefinition").asText())
                    && "IN_PROGRESS".equals(d.get(0).path("rolloutState").asText())) {
                sawTwo.set(true);
            }
            return s;
        }), s -> s.path("deployments").size() == 1 && v2.equals(s.at("/deployments/0/taskDefinition").asText())
                && "COMPLETED".equals(s.at("/deployments/0/rolloutState").asText())
                && s.path("runningCount").asInt() == 3);
        assertTrue(sawTwo.get(), "PRIMARY (v2) and ACTIVE (v1) deployments were visible during the rollout");
        assertTrue(sawDraining.get(), "old tasks were DEACTIVATING while their targets drained");
        assertEquals(newId, done.at("/deployments/0/id").asText());
        assertEquals("ECS deployment " + newId + " completed.", done.at("/deployments/0/rolloutStateReason").asText());
        assertTrue(messages(done).contains("(service web) (deployment " + newId + ") deployment completed."));

        List<JsonNode> running = f.tasks("c", "web", "RUNNING");
        assertEquals(3, running.size());
        for (JsonNode t : running) {
            assertEquals(v2, t.path("taskDefinitionArn").asText());
            assertEquals("service:web", t.path("group").asText());
            assertEquals(newId, t.path("startedBy").asText());
            String ip = t.at("/containers/0/networkInterfaces/0/privateIpv4Address").asText();
            assertTrue(body(ip).contains("web:v2"), "the task answers as v2");
        }
        List<JsonNode> stopped = f.tasks("c", "web", "STOPPED");
        assertEquals(3, stopped.size());
        for (JsonNode t : stopped) {
            assertEquals(v1, t.path("taskDefinitionArn").asText());
            assertEquals("ServiceSchedulerInitiated", t.path("stopCode").asText());
            assertEquals("Scaling activity initiated by (deployment " + newId + ")", t.path("stoppedReason").asText());
        }
        assertEquals(3, f.elb.registeredCount(tg), "old targets were deregistered, new ones registered");
        List<String> names = f.events.details("ECS Deployment State Change").stream()
                .filter(d -> d.path("deploymentId").asText().equals(newId)).map(d -> d.path("eventName").asText())
                .toList();
        assertEquals(List.of("SERVICE_DEPLOYMENT_IN_PROGRESS", "SERVICE_DEPLOYMENT_COMPLETED"), names);
        assertFalse(firstId.equals(newId));
    }

    @Test
    void neverHealthyRevisionTripsTheBreakerAndRollsBackToTheOldTaskDefinition() throws Exception {
        String v1 = f.webRevision("v1", "healthy");
        String bad = f.webRevision("bad", "unhealthy");
        String goodId = createService("web", 3, v1,
                "{'deploymentCircuitBreaker':{'enable':true,'rollback':true}}", true);
        awaitSteady("web", v1);

        String badId = f.call("UpdateService", "{'cluster':'c','service':'web','taskDefinition':'" + bad + "'}")
                .at("/service/deployments/0/id").asText();
        AtomicReference<JsonNode> failedSeen = new AtomicReference<>();
        AtomicReference<JsonNode> rollbackSeen = new AtomicReference<>();
        JsonNode done = f.await("rollback", WAIT, unchecked(() -> {
            JsonNode s = f.service("c", "web");
            for (JsonNode d : s.path("deployments")) {
                if (badId.equals(d.path("id").asText()) && "FAILED".equals(d.path("rolloutState").asText())) {
                    failedSeen.set(d);
                }
                if ("PRIMARY".equals(d.path("status").asText()) && !badId.equals(d.path("id").asText())
                        && !goodId.equals(d.path("id").asText())) {
                    rollbackSeen.compareAndSet(null, d);
                }
            }
            return s;
        }), s -> rollbackSeen.get() != null && s.path("deployments").size() == 1
                && "COMPLETED".equals(s.at("/deployments/0/rolloutState").asText())
                && s.path("runningCount").asInt() == 3);

        assertEquals("ECS deployment circuit breaker: tasks failed to start.",
                failedSeen.get().path("rolloutStateReason").asText());
        assertTrue(failedSeen.get().path("failedTasks").asInt() >= 3, failedSeen.get().toString());
        assertEquals("ECS deployment circuit breaker: rolling back to deploymentId " + goodId + ".",
                rollbackSeen.get().path("rolloutStateReason").asText());
        assertEquals(v1, done.at("/deployments/0/taskDefinition").asText(),
                "after the rollback the single PRIMARY runs the OLD task definition");
        assertEquals(v1, done.path("taskDefinition").asText());
        List<String> msgs = messages(done);
        assertTrue(msgs.contains("(service web) (deployment " + badId + ") deployment failed: tasks failed to start."),
                msgs.toString());
        assertTrue(msgs.contains("(service web) rolling back to deployment " + goodId + "."), msgs.toString());
        assertTrue(msgs.stream().anyMatch(m -> m.matches("\\(service web\\) \\(task [0-9a-f]{32}\\) \\(port 8080\\) is"
                + " unhealthy in \\(target-group " + java.util.regex.Pattern.quote(tg) + "\\) due to \\(reason Health"
                + " checks failed with these codes: \\[503\\]\\)\\.")), msgs.toString());
        assertTrue(msgs.stream().anyMatch(m -> m.contains("Amazon ECS replaced") && m.contains("unhealthy status")));
        assertTrue(f.tasks("c", "web", "STOPPED").stream().anyMatch(t -> bad.equals(t.path("taskDefinitionArn").asText())
                && ("Task failed ELB health checks in (target-group " + tg + ")").equals(t.path("stoppedReason").asText())));
        for (JsonNode t : f.tasks("c", "web", "RUNNING")) {
            assertEquals(v1, t.path("taskDefinitionArn").asText());
        }
        List<JsonNode> dep = f.events.details("ECS Deployment State Change");
        assertTrue(dep.stream().anyMatch(d -> "SERVICE_DEPLOYMENT_FAILED".equals(d.path("eventName").asText())
                && badId.equals(d.path("deploymentId").asText()) && "ERROR".equals(d.path("eventType").asText())));
        assertTrue(dep.stream().anyMatch(d -> "SERVICE_DEPLOYMENT_IN_PROGRESS".equals(d.path("eventName").asText())
                && d.path("reason").asText().contains("rolling back to deploymentId " + goodId)));
    }

    @Test
    void aFailedRollbackIsNotRolledBackAgain() throws Exception {
        String v1 = f.webRevision("v1", "healthy");
        String bad = f.webRevision("bad", "unhealthy");
        createService("web", 1, v1, "{'deploymentCircuitBreaker':{'enable':true,'rollback':true}}", true);
        awaitSteady("web", v1);
        f.images.images.remove("web:v1"); // the old image is gone from the registry: the rollback cannot start
        f.call("UpdateService", "{'cluster':'c','service':'web','taskDefinition':'" + bad + "'}");
        JsonNode s = f.await("rollback fails", WAIT, unchecked(() -> f.service("c", "web")),
                x -> x.at("/deployments/0/rolloutStateReason").asText().contains("tasks failed to start")
                        && x.path("deployments").size() >= 2
                        && "FAILED".equals(x.at("/deployments/0/rolloutState").asText()));
        assertEquals(v1, s.at("/deployments/0/taskDefinition").asText(), "the failed PRIMARY is the rollback");
        Thread.sleep(500);
        long started = f.events.details("ECS Deployment State Change").stream()
                .filter(d -> "SERVICE_DEPLOYMENT_IN_PROGRESS".equals(d.path("eventName").asText())).count();
        assertEquals(3, started, "create, update, one rollback: no rollback of the rollback");
        assertEquals(1, f.service("c", "web").path("runningCount").asInt(), "the old task keeps serving");
    }

    @Test
    void newServiceWhoseImageCannotBePulledFailsAtStageOneWithoutRollbackTarget() throws Exception {
        String td = f.fargateTaskDef("web", "web:does-not-exist");
        String id = createService("web", 1, td, "{'deploymentCircuitBreaker':{'enable':true,'rollback':true}}", false);
        JsonNode s = f.await("breaker", WAIT, unchecked(() -> f.service("c", "web")),
                x -> "FAILED".equals(x.at("/deployments/0/rolloutState").asText()));
        assertEquals(id, s.at("/deployments/0/id").asText());
        assertEquals(3, s.at("/deployments/0/failedTasks").asInt(), "threshold for desired 1 is clamped to 3");
        Thread.sleep(500);
        JsonNode later = f.service("c", "web");
        assertEquals(1, later.path("deployments").size(), "no completed deployment to roll back to");
        assertEquals(0, later.at("/deployments/0/pendingCount").asInt(), "a FAILED deployment launches no tasks");
        assertTrue(f.tasks("c", "web", "STOPPED").stream().allMatch(t -> "TaskFailedToStart".equals(
                t.path("stopCode").asText()) && t.path("stoppedReason").asText().startsWith("CannotPullContainerError")));
    }

    @Test
    void desiredThreeWithMaximum125StallsWithTheDeploymentConfigurationEvent() throws Exception {
        String v1 = f.webRevision("v1", "healthy");
        String v2 = f.webRevision("v2", "healthy");
        createService("web", 3, v1, "{'maximumPercent':125,'minimumHealthyPercent':100}", false);
        awaitSteady("web", v1);
        f.call("UpdateService", "{'cluster':'c','service':'web','taskDefinition':'" + v2 + "'}");
        JsonNode s = f.await("stall event", WAIT, unchecked(() -> f.service("c", "web")),
                x -> messages(x).stream().anyMatch(m -> m.equals("(service web) was unable to stop or start tasks"
                        + " during a deployment because of the service deployment configuration. Update the"
                        + " minimumHealthyPercent or maximumPercent value and try again.")));
        assertEquals(2, s.path("deployments").size());
        assertEquals(0, s.at("/deployments/0/runningCount").asInt() + s.at("/deployments/0/pendingCount").asInt());
        assertEquals(3, s.at("/deployments/1/runningCount").asInt());
    }

    private static double min(List<JsonNode> tasks, String field) {
        return tasks.stream().mapToDouble(t -> t.path(field).asDouble()).min().orElseThrow();
    }

    private List<List<JsonNode>> rollOut(int desired, String config) throws Exception {
        String v1 = f.webRevision("v1", "healthy");
        String v2 = f.webRevision("v2", "healthy");
        createService("web", desired, v1, config, false);
        awaitSteady("web", v1);
        f.call("UpdateService", "{'cluster':'c','service':'web','taskDefinition':'" + v2 + "'}");
        awaitSteady("web", v2);
        List<JsonNode> old = f.tasks("c", "web", "STOPPED");
        List<JsonNode> fresh = f.tasks("c", "web", "RUNNING");
        assertEquals(desired, old.size());
        assertEquals(desired, fresh.size());
        return List.of(old, fresh);
    }

    @Test
    void desiredTwoWithMinimum75StopsNoOldTaskBeforeANewOneIsHealthy() throws Exception {
        List<List<JsonNode>> r = rollOut(2, "{'minimumHealthyPercent':75,'maximumPercent':200}");
        double firstNewHealthy = min(r.get(1), "startedAt") + 40;
        for (JsonNode old : r.get(0)) {
            assertTrue(old.path("stoppingAt").asDouble() >= firstNewHealthy - 1,
                    "floor ceil(2*0.75)=2: old task stopped at " + old.path("stoppingAt") + " before a new task was"
                            + " healthy at " + firstNewHealthy);
        }
    }

    @Test
    void desiredFourWith50And200StopsTwoOldTasksBeforeAnyNewTaskRuns() throws Exception {
        List<List<JsonNode>> r = rollOut(4, "{'minimumHealthyPercent':50,'maximumPercent':200}");
        double firstNewRunning = min(r.get(1), "startedAt");
        List<Double> early = new ArrayList<>();
        for (JsonNode old : r.get(0)) {
            if (old.path("stoppingAt").asDouble() < firstNewRunning) {
                early.add(old.path("stoppingAt").asDouble());
            }
        }
        assertEquals(2, early.size(), "floor 2 lets exactly two old tasks stop at once; ceiling 8 starts four new");
    }

    @Test
    void placementFailsOnAFullEc2CapacityProviderWithAwsEvent() throws Exception {
        String ci = f.ec2ClusterWithOneInstance(4096, 1024);
        String td = f.ec2TaskDefOf400MiB();
        f.call("CreateService", "{'cluster':'c','serviceName':'ec2','taskDefinition':'" + td + "','desiredCount':3}");
        String id = ci.substring(ci.lastIndexOf('/') + 1);
        JsonNode s = f.await("placement failure", WAIT, unchecked(() -> f.service("c", "ec2")),
                x -> x.path("runningCount").asInt() == 2 && messages(x).contains("(service ec2) was unable to place a"
                        + " task because no container instance met all of its requirements. The closest matching"
                        + " (container-instance " + id + ") has insufficient memory available. For more information,"
                        + " see the Troubleshooting section."));
        assertEquals("prod-asg", s.at("/capacityProviderStrategy/0/capacityProvider").asText());
        long placementEvents = messages(s).stream().filter(m -> m.contains("unable to place")).count();
        assertEquals(1, placementEvents, "repeated placement failures are suppressed");
        assertTrue(f.events.details("ECS Service Action").stream()
                .anyMatch(d -> "SERVICE_TASK_PLACEMENT_FAILURE".equals(d.path("eventName").asText())));
    }
}
