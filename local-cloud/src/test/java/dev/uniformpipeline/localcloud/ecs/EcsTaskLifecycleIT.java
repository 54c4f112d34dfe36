package dev.uniformpipeline.localcloud.ecs;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Standalone tasks (RunTask/StopTask) on the simulated runtime: lifecycle, crashes, pull and log failures. */
class EcsTaskLifecycleIT {
    private final EcsFixture f = new EcsFixture(20);

    @AfterEach
    void close() {
        f.close();
    }

    private String runFargate(String image, String extraContainer) throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        f.logs.groups.add("/uniform/web");
        String td = f.call("RegisterTaskDefinition", "{'family':'web','networkMode':'awsvpc',"
                + "'requiresCompatibilities':['FARGATE'],'cpu':'256','memory':'512',"
                + "'executionRoleArn':'arn:aws:iam::000000000000:role/exec','containerDefinitions':[{'name':'web',"
                + "'image':'" + image + "','portMappings':[{'containerPort':8080}]" + extraContainer
                + ",'logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'/uniform/web',"
                + "'awslogs-region':'us-east-1','awslogs-stream-prefix':'app'}}}]}")
                .at("/taskDefinition/taskDefinitionArn").asText();
        JsonNode out = f.call("RunTask", "{'cluster':'c','taskDefinition':'" + td + "','launchType':'FARGATE',"
                + "'networkConfiguration':" + EcsFixture.net() + "}");
        assertEquals(0, out.path("failures").size(), out.toString());
        JsonNode task = out.path("tasks").get(0);
        assertEquals("family:web", task.path("group").asText());
        assertTrue(task.path("taskArn").asText().matches("arn:aws:ecs:us-east-1:000000000000:task/c/[0-9a-f]{32}"));
        return task.path("taskArn").asText();
    }

    private static final List<String> ORDER = List.of("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING",
            "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED");

    private static void assertInLifecycleOrder(List<String> seen) {
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(ORDER.indexOf(seen.get(i)) > ORDER.indexOf(seen.get(i - 1)), "out of order: " + seen);
        }
    }

    private List<String> watchUntil(String arn, String status) {
        List<String> seen = new ArrayList<>();
        f.await("task " + status, Duration.ofSeconds(20), unchecked(() -> {
            String s = f.task("c", arn).path("lastStatus").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
                seen.add(s);
            }
            return s;
        }), status::equals);
        return seen;
    }

    @Test
    void taskGoesThroughEveryLifecycleStateInOrderAndServesItsIdAndImage() throws Exception {
        String image = f.images.add("000000000000.dkr.ecr.us-east-1.amazonaws.com/web:v1", EcsFixture.behavior("healthy"));
        String arn = runFargate(image, "");
        List<String> up = watchUntil(arn, "RUNNING");
        assertInLifecycleOrder(up);
        assertTrue(up.contains("ACTIVATING"), "ACTIVATING (8 s of cloud time) was observed: " + up);

        JsonNode running = f.task("c", arn);
        String ip = running.at("/containers/0/networkInterfaces/0/privateIpv4Address").asText();
        assertTrue(ip.startsWith("127.0."), ip);
        assertEquals("CONNECTED", running.path("connectivity").asText());
        assertTrue(running.at("/containers/0/imageDigest").asText().startsWith("sha256:"));
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + ip + ":8080/orders")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains(id) && r.body().contains("web:v1"), r.body());

        f.call("StopTask", "{'cluster':'c','task':'" + arn + "','reason':'deploy finished'}");
        List<String> down = watchUntil(arn, "STOPPED");
        assertInLifecycleOrder(down);
        assertTrue(!down.contains("DEACTIVATING"), "no load balancer, so no DEACTIVATING: " + down);
        JsonNode stopped = f.task("c", arn);
        assertEquals("UserInitiated", stopped.path("stopCode").asText());
        assertEquals("deploy finished", stopped.path("stoppedReason").asText());
        assertEquals(0, stopped.at("/containers/0/exitCode").asInt(), "SIGTERM ends the simulated app with 0");
        assertTrue(stopped.path("stoppedAt").asDouble() >= stopped.path("stoppingAt").asDouble());
        assertEquals(1, f.call("ListTasks", "{'cluster':'c','desiredStatus':'STOPPED','family':'web'}")
                .path("taskArns").size());
        assertEquals(0, f.call("ListTasks", "{'cluster':'c'}").path("taskArns").size(),
                "ListTasks lists desiredStatus RUNNING by default");

        List<Fakes.LogEvent> lines = f.logs.events.stream().filter(e -> e.stream().equals("app/web/" + id)).toList();
        assertFalse(lines.isEmpty(), "container output goes to the prefix/container/task-id stream");
        assertTrue(lines.stream().anyMatch(e -> e.message().contains("GET /orders 200")), lines.toString());

        List<String> events = f.events.details("ECS Task State Change").stream()
                .filter(d -> d.path("taskArn").asText().equals(arn)).map(d -> d.path("lastStatus").asText())
                .distinct().toList();
        assertEquals(List.of("PROVISIONING", "PENDING", "RUNNING", "STOPPING", "DEPROVISIONING", "STOPPED"), events,
                "every status change is an event; ACTIVATING/DEACTIVATING only with several target groups");
        List<Long> versions = f.events.details("ECS Task State Change").stream()
                .filter(d -> d.path("taskArn").asText().equals(arn)).map(d -> d.path("version").asLong()).toList();
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) > versions.get(i - 1), "detail.version increases: " + versions);
        }
        JsonNode last = f.events.details("ECS Task State Change").stream()
                .filter(d -> d.path("taskArn").asText().equals(arn)).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.path("stoppedAt").asText().endsWith("Z"), "EventBridge detail timestamps are ISO strings");
    }

    @Test
    void crashingEssentialContainerStopsTheTaskWithItsExitCode() throws Exception {
        String image = f.images.add("crash:1", Map.of("uniform.sim.behavior", "crash", "uniform.sim.after", "5s",
                "uniform.sim.exitCode", "3"));
        String arn = runFargate(image, "");
        watchUntil(arn, "STOPPED");
        JsonNode t = f.task("c", arn);
        assertEquals("EssentialContainerExited", t.path("stopCode").asText());
        assertEquals("Essential container in task exited", t.path("stoppedReason").asText());
        assertEquals(3, t.at("/containers/0/exitCode").asInt());
        assertTrue(t.has("startedAt"), "it ran before it crashed");
    }

    @Test
    void environmentOverridesTheImageBehaviourAndExitAtStartNeverRuns() throws Exception {
        String image = f.images.add("fine:1", EcsFixture.behavior("healthy"));
        String arn = runFargate(image, ",'environment':[{'name':'UNIFORM_SIM_BEHAVIOR','value':'exit'},"
                + "{'name':'UNIFORM_SIM_EXITCODE','value':'137'}]");
        List<String> seen = watchUntil(arn, "STOPPED");
        assertFalse(seen.contains("RUNNING"), seen.toString());
        JsonNode t = f.task("c", arn);
        assertEquals("EssentialContainerExited", t.path("stopCode").asText());
        assertEquals(137, t.at("/containers/0/exitCode").asInt());
    }

    @Test
    void missingImageStopsTheTaskWithCannotPullContainerError() throws Exception {
        String arn = runFargate("000000000000.dkr.ecr.us-east-1.amazonaws.com/web:missing", "");
        watchUntil(arn, "STOPPED");
        JsonNode t = f.task("c", arn);
        assertEquals("TaskFailedToStart", t.path("stopCode").asText());
        assertTrue(t.path("stoppedReason").asText().startsWith("CannotPullContainerError:"), t.toString());
        assertTrue(t.at("/containers/0/reason").asText().contains("web:missing"));
        assertFalse(t.has("startedAt"));
    }

    @Test
    void missingLogGroupFailsTheTaskUnlessCreateGroupIsSet() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String image = f.images.add("web:1", EcsFixture.behavior("healthy"));
        String body = "{'family':'logs','networkMode':'awsvpc','requiresCompatibilities':['FARGATE'],'cpu':'256',"
                + "'memory':'512','executionRoleArn':'arn:aws:iam::000000000000:role/exec','containerDefinitions':"
                + "[{'name':'web','image':'" + image + "','logConfiguration':{'logDriver':'awslogs','options':"
                + "{'awslogs-group':'/absent','awslogs-region':'us-east-1','awslogs-stream-prefix':'p'%s}}}]}";
        String td1 = f.call("RegisterTaskDefinition", String.format(body, "")).at("/taskDefinition/taskDefinitionArn")
                .asText();
        String run = "{'cluster':'c','taskDefinition':'%s','launchType':'FARGATE','networkConfiguration':"
                + EcsFixture.net() + "}";
        String a1 = f.call("RunTask", String.format(run, td1)).at("/tasks/0/taskArn").asText();
        watchUntil(a1, "STOPPED");
        JsonNode t1 = f.task("c", a1);
        assertEquals("TaskFailedToStart", t1.path("stopCode").asText());
        assertTrue(t1.path("stoppedReason").asText().contains("The specified log group does not exist"));
        assertFalse(f.logs.groups.contains("/absent"));

        String td2 = f.call("RegisterTaskDefinition", String.format(body, ",'awslogs-create-group':'true'"))
                .at("/taskDefinition/taskDefinitionArn").asText();
        String a2 = f.call("RunTask", String.format(run, td2)).at("/tasks/0/taskArn").asText();
        watchUntil(a2, "RUNNING");
        assertTrue(f.logs.groups.contains("/absent"), "awslogs-create-group=true creates the group");
    }

    @Test
    void ec2TasksArePlacedOnInstancesUntilMemoryRunsOut() throws Exception {
        String ci = f.ec2ClusterWithOneInstance(2048, 1024);
        String td = f.ec2TaskDefOf400MiB();
        JsonNode out = f.call("RunTask", "{'cluster':'c','taskDefinition':'" + td + "','count':3}");
        assertEquals(2, out.path("tasks").size(), "two 400-MiB tasks fit in 1024 MiB");
        assertEquals("RESOURCE:MEMORY", out.at("/failures/0/reason").asText());
        assertEquals(ci, out.at("/failures/0/arn").asText());
        JsonNode t = out.path("tasks").get(0);
        assertEquals("EC2", t.path("launchType").asText());
        assertEquals("prod-asg", t.path("capacityProviderName").asText());
        assertEquals(ci, t.path("containerInstanceArn").asText());
        String arn = t.path("taskArn").asText();
        watchUntil(arn, "RUNNING");
        int hostPort = f.task("c", arn).at("/containers/0/networkBindings/0/hostPort").asInt();
        assertTrue(hostPort > 0, "bridge mode with hostPort 0 gets a dynamic port");
        JsonNode inst = f.call("DescribeContainerInstances", "{'cluster':'c','containerInstances':['" + ci + "']}")
                .path("containerInstances").get(0);
        assertEquals(1024 - 800, inst.at("/remainingResources/1/integerValue").asInt());
        assertEquals("prod-asg", inst.path("capacityProviderName").asText());
    }

    @Test
    void startTaskPlacesOnTheNamedInstanceOrReportsWhyNot() throws Exception {
        f.call("CreateCluster", "{'clusterName':'c'}");
        String big = f.ecs.registerContainerInstance(f.ctx, "c", null, 2048, 4096);
        String small = f.ecs.registerContainerInstance(f.ctx, "c", null, 2048, 256);
        String td = f.call("RegisterTaskDefinition", "{'family':'b','containerDefinitions':[{'name':'web','image':'"
                + f.images.add("web:1", EcsFixture.behavior("healthy")) + "','memory':512}]}")
                .at("/taskDefinition/taskDefinitionArn").asText();
        JsonNode out = f.call("StartTask", "{'cluster':'c','taskDefinition':'" + td + "','containerInstances':['"
                + big + "','" + small + "','0123456789abcdef0123456789abcdef']}");
        assertEquals(1, out.path("tasks").size());
        assertEquals(big, out.at("/tasks/0/containerInstanceArn").asText());
        assertEquals("RESOURCE:MEMORY", out.at("/failures/0/reason").asText());
        assertEquals(small, out.at("/failures/0/arn").asText());
        assertEquals("MISSING", out.at("/failures/1/reason").asText());
        watchUntil(out.at("/tasks/0/taskArn").asText(), "RUNNING");
    }
}
