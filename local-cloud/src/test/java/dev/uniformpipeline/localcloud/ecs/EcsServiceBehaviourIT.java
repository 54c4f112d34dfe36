package dev.uniformpipeline.localcloud.ecs;

import static dev.uniformpipeline.localcloud.ecs.EcsFixture.messages;
import static dev.uniformpipeline.localcloud.ecs.EcsFixture.unchecked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health, grace periods, capacity-provider spreading, deletion, retention and restarts of local ECS. */
class EcsServiceBehaviourIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private EcsFixture f = new EcsFixture(100);

    @AfterEach
    void close() {
        f.close();
    }

    private String fargateService(String name, String td, int desired, String extra) throws AwsException {
        f.call("CreateCluster", "{'clusterName':'c'}");
        return f.call("CreateService", "{'cluster':'c','serviceName':'" + name + "','taskDefinition':'" + td
                + "','desiredCount':" + desired + ",'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net()
                + extra + "}").at("/service/serviceArn").asText();
    }

    private String lb(String tg) {
        return ",'loadBalancers':[{'targetGroupArn':'" + tg + "','containerName':'web','containerPort':8080}]";
    }

    @Test
    void slowStarterIsKilledByElbChecksWithoutGracePeriodButSurvivesWithOne() throws Exception {
        String td = f.fargateTaskDef("slow", f.images.add("slow:1", Map.of("uniform.sim.behavior", "slow-start",
                "uniform.sim.after", "60s")));
        String tg = f.elb.addGroup("slow", "ip", 8080, "/health", 0);
        fargateService("nograce", td, 1, lb(tg));
        JsonNode s = f.await("an ELB replacement", WAIT, unchecked(() -> f.service("c", "nograce")),
                x -> messages(x).stream().anyMatch(m -> m.contains("is unhealthy in (target-group " + tg + ")")));
        assertTrue(messages(s).stream().anyMatch(m -> m.contains("due to (reason Health checks failed)")), messages(s)
                .toString());
        assertTrue(f.tasks("c", "nograce", "STOPPED").stream().anyMatch(t -> ("Task failed ELB health checks in"
                + " (target-group " + tg + ")").equals(t.path("stoppedReason").asText())));

        String tg2 = f.elb.addGroup("slow2", "ip", 8080, "/health", 0);
        f.call("CreateService", "{'cluster':'c','serviceName':'grace','taskDefinition':'" + td + "','desiredCount':1,"
                + "'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net() + lb(tg2)
                + ",'healthCheckGracePeriodSeconds':120}");
        JsonNode steady = f.await("steady with grace", WAIT, unchecked(() -> f.service("c", "grace")),
                x -> messages(x).contains("(service grace) has reached a steady state."));
        assertEquals(1, steady.path("runningCount").asInt());
        assertEquals(0, f.tasks("c", "grace", "STOPPED").size(), "the grace period kept the slow starter alive");
    }

    @Test
    void failingContainerHealthCheckReplacesTheTask() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String hc = "'healthCheck':{'command':['CMD-SHELL','curl -f http://localhost:8080/health'],'interval':5,"
                + "'retries':2}";
        String body = "{'family':'%s','networkMode':'awsvpc','requiresCompatibilities':['FARGATE'],'cpu':'256',"
                + "'memory':'512','containerDefinitions':[{'name':'web','image':'%s','portMappings':[{'containerPort':"
                + "8080}]," + hc + "}]}";
        String good = f.call("RegisterTaskDefinition", String.format(body, "good", f.images.add("good:1",
                EcsFixture.behavior("healthy")))).at("/taskDefinition/taskDefinitionArn").asText();
        String sick = f.call("RegisterTaskDefinition", String.format(body, "sick", f.images.add("sick:1",
                EcsFixture.behavior("unhealthy")))).at("/taskDefinition/taskDefinitionArn").asText();
        fargateService("good", good, 1, "");
        f.call("CreateService", "{'cluster':'c','serviceName':'sick','taskDefinition':'" + sick + "','desiredCount':1,"
                + "'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net() + "}");
        JsonNode s = f.await("health check replacement", WAIT, unchecked(() -> f.service("c", "sick")),
                x -> messages(x).stream().anyMatch(m -> m.endsWith("failed container health checks.")));
        assertTrue(messages(s).stream().anyMatch(m -> m.matches("\\(service sick\\) \\(task [0-9a-f]{32}\\) failed"
                + " container health checks\\.")));
        JsonNode stopped = f.tasks("c", "sick", "STOPPED").get(0);
        assertEquals("UNHEALTHY", stopped.path("healthStatus").asText());
        assertEquals("UNHEALTHY", stopped.at("/containers/0/healthStatus").asText());
        assertEquals("ServiceSchedulerInitiated", stopped.path("stopCode").asText());
        JsonNode goodTask = f.await("healthy task", WAIT, unchecked(() -> f.tasks("c", "good", "RUNNING")),
                l -> !l.isEmpty() && "HEALTHY".equals(l.get(0).path("healthStatus").asText())).get(0);
        assertEquals("HEALTHY", goodTask.at("/containers/0/healthStatus").asText());
    }

    @Test
    void capacityProviderStrategyFillsTheBaseThenSplitsByWeight() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c','capacityProviders':['FARGATE','FARGATE_SPOT'],"
                + "'defaultCapacityProviderStrategy':[{'capacityProvider':'FARGATE','base':1,'weight':1},"
                + "{'capacityProvider':'FARGATE_SPOT','weight':3}]}");
        String td = f.webRevision("1", "healthy");
        JsonNode out = f.call("RunTask", "{'cluster':'c','taskDefinition':'" + td + "','count':9,"
                + "'networkConfiguration':" + EcsFixture.net() + "}");
        long fargate = 0;
        long spot = 0;
        for (JsonNode t : out.path("tasks")) {
            assertEquals("FARGATE", t.path("launchType").asText());
            if ("FARGATE".equals(t.path("capacityProviderName").asText())) {
                fargate++;
            } else if ("FARGATE_SPOT".equals(t.path("capacityProviderName").asText())) {
                spot++;
            }
        }
        assertEquals(3, fargate, "base 1 plus a quarter of the other 8");
        assertEquals(6, spot, "three quarters of the 8 beyond the base");
    }

    @Test
    void ec2BridgeTasksRegisterAsInstanceIdAndDynamicPort() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String ci = f.ecs.registerContainerInstance(f.ctx, "c", null, 4096, 8192);
        String instanceId = f.call("DescribeContainerInstances", "{'cluster':'c','containerInstances':['" + ci + "']}")
                .at("/containerInstances/0/ec2InstanceId").asText();
        String td = f.call("RegisterTaskDefinition", "{'family':'b','containerDefinitions':[{'name':'web','image':'"
                + f.images.add("web:1", EcsFixture.behavior("healthy")) + "','memory':256,'portMappings':"
                + "[{'containerPort':8080}]}]}").at("/taskDefinition/taskDefinitionArn").asText();
        String tg = f.elb.addGroup("inst", "instance", 8080, "/health", 0);
        f.call("CreateService", "{'cluster':'c','serviceName':'ec2','taskDefinition':'" + td + "','desiredCount':2,"
                + "'launchType':'EC2'" + lb(tg) + "}");
        f.await("steady", WAIT, unchecked(() -> f.service("c", "ec2")),
                x -> messages(x).contains("(service ec2) has reached a steady state."));
        List<String> ids = f.elb.targetIds(tg);
        assertEquals(2, ids.size());
        for (String id : ids) {
            assertTrue(id.startsWith(instanceId + ":"), id);
            assertTrue(Integer.parseInt(id.substring(id.indexOf(':') + 1)) != 8080, "dynamic host port: " + id);
        }
    }

    @Test
    void scalingOutAndInKeepsOneDeploymentAndStopsExtraTasks() throws Exception {
        String td = f.webRevision("1", "healthy");
        fargateService("web", td, 1, "");
        String id = f.await("steady at 1", WAIT, unchecked(() -> f.service("c", "web")),
                x -> x.path("runningCount").asInt() == 1 && "COMPLETED".equals(x.at("/deployments/0/rolloutState")
                        .asText())).at("/deployments/0/id").asText();
        f.call("UpdateService", "{'cluster':'c','service':'web','desiredCount':3}");
        JsonNode three = f.await("steady at 3", WAIT, unchecked(() -> f.service("c", "web")),
                x -> x.path("runningCount").asInt() == 3 && messages(x).get(0).endsWith("has reached a steady state."));
        assertEquals(1, three.path("deployments").size(), "a desired count change is not a new deployment");
        assertEquals(id, three.at("/deployments/0/id").asText());
        f.call("UpdateService", "{'cluster':'c','service':'web','desiredCount':1}");
        f.await("scaled in", WAIT, unchecked(() -> f.service("c", "web")),
                x -> x.path("runningCount").asInt() == 1 && x.path("pendingCount").asInt() == 0);
        List<JsonNode> stopped = f.await("two stopped", WAIT, unchecked(() -> f.tasks("c", "web", "STOPPED")),
                l -> l.size() == 2);
        for (JsonNode t : stopped) {
            assertEquals("ServiceSchedulerInitiated", t.path("stopCode").asText());
            assertEquals("Scaling activity initiated by (deployment " + id + ")", t.path("stoppedReason").asText());
        }
    }

    @Test
    void deletedServiceDrainsToInactive() throws Exception {
        String td = f.webRevision("1", "healthy");
        fargateService("web", td, 2, "");
        f.await("running", WAIT, unchecked(() -> f.service("c", "web")), x -> x.path("runningCount").asInt() == 2);
        AwsException e = assertThrows(AwsException.class, () -> f.call("DeleteService", "{'cluster':'c','service':'web'}"));
        assertEquals("The service cannot be stopped while it is scaled above 0.", e.getMessage());
        JsonNode draining = f.call("DeleteService", "{'cluster':'c','service':'web','force':true}").path("service");
        assertEquals("DRAINING", draining.path("status").asText());
        JsonNode gone = f.await("inactive", WAIT, unchecked(() -> f.service("c", "web")),
                x -> "INACTIVE".equals(x.path("status").asText()));
        assertEquals(0, gone.path("runningCount").asInt());
        assertEquals(0, f.call("ListServices", "{'cluster':'c'}").path("serviceArns").size());
        f.call("CreateService", "{'cluster':'c','serviceName':'web','taskDefinition':'" + td + "','desiredCount':0,"
                + "'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net() + "}");
    }

    @Test
    void stoppedTasksStayDescribableForTheRetentionThenGoMissing() throws Exception {
        assertTrue(EcsTimings.defaults().stoppedRetention().compareTo(Duration.ofHours(1)) >= 0);
        f.close();
        EcsTimings d = EcsTimings.defaults();
        f = new EcsFixture(100, new EcsTimings(d.provisioning(), d.pending(), d.activating(), d.deprovisioning(),
                d.noLoadBalancerHealthyAfter(), Duration.ofMinutes(2), d.inactiveServiceRetention(), d.schedulerTick()));
        f.call("CreateCluster", "{'clusterName':'c'}");
        String td = f.webRevision("1", "healthy");
        String arn = f.call("RunTask", "{'cluster':'c','taskDefinition':'" + td + "','launchType':'FARGATE',"
                + "'networkConfiguration':" + EcsFixture.net() + "}").at("/tasks/0/taskArn").asText();
        f.call("StopTask", "{'cluster':'c','task':'" + arn + "'}");
        JsonNode stopped = f.await("stopped", WAIT, unchecked(() -> f.task("c", arn)),
                t -> "STOPPED".equals(t.path("lastStatus").asText()));
        assertEquals("Task stopped by user", stopped.path("stoppedReason").asText());
        f.await("purged", WAIT, unchecked(() -> f.call("DescribeTasks", "{'cluster':'c','tasks':['" + arn + "']}")),
                out -> "MISSING".equals(out.at("/failures/0/reason").asText()));
    }

    @Test
    void restoredStateRestartsRunningTasksOnTheirAddresses() throws Exception {
        String td = f.webRevision("1", "healthy");
        fargateService("web", td, 1, "");
        JsonNode task = f.await("running", WAIT, unchecked(() -> f.tasks("c", "web", "RUNNING")),
                l -> l.size() == 1 && "RUNNING".equals(l.get(0).path("lastStatus").asText())).get(0);
        String ip = task.at("/containers/0/networkInterfaces/0/privateIpv4Address").asText();
        JsonNode snapshot = f.ecs.snapshot();
        Fakes.Images images = f.images;
        f.close();
        f = new EcsFixture(100);
        f.images.images.putAll(images.images);
        f.ecs.restore(snapshot);
        assertEquals(task.path("taskArn").asText(), f.tasks("c", "web", "RUNNING").get(0).path("taskArn").asText());
        String body = f.await("restarted container", WAIT, () -> {
            try {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create("http://" + ip + ":8080/")
                        .toURL().openConnection();
                c.setConnectTimeout(200);
                c.setReadTimeout(500);
                try (var in = c.getInputStream()) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (Exception e) {
                return "";
            }
        }, b -> b.contains(task.path("taskArn").asText().substring(task.path("taskArn").asText().lastIndexOf('/') + 1)));
        assertTrue(body.contains("web:1"));
    }

    @Test
    void serviceKeepsAtMostOneHundredEventsNewestFirst() throws Exception {
        f.close();
        f = new EcsFixture(1000);
        String td = f.fargateTaskDef("crash", f.images.add("crash:1", Map.of("uniform.sim.behavior", "exit")));
        fargateService("crash", td, 10, "");
        JsonNode s = f.await("many events", WAIT, unchecked(() -> f.service("c", "crash")),
                x -> x.path("events").size() == 100);
        double previous = Double.MAX_VALUE;
        for (JsonNode e : s.path("events")) {
            assertTrue(e.path("createdAt").asDouble() <= previous, "newest first");
            previous = e.path("createdAt").asDouble();
        }
        assertTrue(messages(s).contains("(service crash) is unable to consistently start tasks successfully."),
                "no circuit breaker: the service reports impaired starts instead");
    }
}
