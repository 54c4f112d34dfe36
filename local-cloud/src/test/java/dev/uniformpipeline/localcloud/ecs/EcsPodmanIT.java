package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.RuntimeMode;
import dev.uniformpipeline.localcloud.Sdk;
import dev.uniformpipeline.localcloud.ecs.runtime.AutoRuntime;
import dev.uniformpipeline.localcloud.ecs.runtime.LoopbackAddressPool;
import dev.uniformpipeline.localcloud.ecs.runtime.PodmanRuntime;
import dev.uniformpipeline.localcloud.ecs.runtime.SimulatedRuntime;
import dev.uniformpipeline.localcloud.spi.ImageResolver.ResolvedImage;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The real runtime, exercised lightly: a busybox httpd image built with podman runs as a Fargate task on its
 * loopback address, logs to CloudWatch Logs and is SIGKILLed (137) after stopTimeout because PID 1 ignores
 * SIGTERM. Needs podman, runc and busybox-static; where {@code podman info} fails the real runtime is unused
 * (local-cloud falls back to simulated tasks), so the test is skipped with that reason.
 */
class EcsPodmanIT {
    static final String IMAGE = "localhost/uniform-ecs-it:" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    @BeforeAll
    static void buildImage() throws Exception {
        assumeTrue(PodmanRuntime.available("podman"), "podman info fails on this machine: the real runtime is not"
                + " used here (install podman and runc)");
        Path busybox = Path.of("/bin/busybox");
        assumeTrue(Files.isExecutable(busybox), "/bin/busybox missing: apt-get install busybox-static");
        Files.copy(busybox, dir.resolve("busybox"));
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/health"), "ok\n");
        Files.writeString(dir.resolve("Containerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /www\n"
                + "CMD [\"/bin/busybox\",\"sh\",\"-c\",\"echo hello-from-podman; exec /bin/busybox httpd -f -p 8080"
                + " -h /www\"]\n");
        assertEquals(0, run("podman", "build", "-t", IMAGE, dir.toString()), "podman build of the busybox image");
    }

    @AfterAll
    static void removeImage() throws Exception {
        if (PodmanRuntime.available("podman")) {
            run("podman", "rmi", "-f", IMAGE);
        }
    }

    @Test
    void podmanTaskServesOnItsAddressLogsAndIsKilledAfterStopTimeout() throws Exception {
        ScaledClock clock = new ScaledClock(10);
        Fakes.Images images = new Fakes.Images();
        images.images.put("web:real", new ResolvedImage("sha256:" + "a".repeat(64), IMAGE, Map.of(), List.of(),
                List.of(), List.of(), List.of(8080)));
        Fakes.Logs logs = new Fakes.Logs();
        logs.groups.add("/real");
        EcsService ecs = new EcsService(clock, new FakeTargetRegistry(clock, 5, id -> id), logs, images,
                new Fakes.Events(), new AutoRuntime(new SimulatedRuntime(clock), new PodmanRuntime("podman")),
                LoopbackAddressPool.shared(), EcsTimings.defaults());
        RequestContext ctx = new RequestContext("us-east-1", "000000000000", "AKID", "r");
        try {
            ecs.call("CreateCluster", EcsFixture.json("{'clusterName':'c'}"), ctx);
            ecs.call("RegisterTaskDefinition", EcsFixture.json("{'family':'real','networkMode':'awsvpc',"
                    + "'requiresCompatibilities':['FARGATE'],'cpu':'256','memory':'512','executionRoleArn':"
                    + "'arn:aws:iam::000000000000:role/x','containerDefinitions':[{'name':'web','image':'web:real',"
                    + "'stopTimeout':2,'portMappings':[{'containerPort':8080}],'logConfiguration':{'logDriver':"
                    + "'awslogs','options':{'awslogs-group':'/real','awslogs-region':'us-east-1',"
                    + "'awslogs-stream-prefix':'app'}}}]}"), ctx);
            String arn = ecs.call("RunTask", EcsFixture.json("{'cluster':'c','taskDefinition':'real',"
                    + "'launchType':'FARGATE','networkConfiguration':" + EcsFixture.net() + "}"), ctx)
                    .at("/tasks/0/taskArn").asText();
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            JsonNode running = await(ecs, ctx, arn, "RUNNING");
            String ip = running.at("/containers/0/networkInterfaces/0/privateIpv4Address").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String body = "";
            while (System.nanoTime() < deadline && !body.startsWith("ok")) {
                body = get("http://" + ip + ":8080/health");
                Thread.sleep(200);
            }
            assertEquals("ok\n", body, "the real container answers on the task's address");
            assertTrue(logs.events.stream().anyMatch(e -> e.stream().equals("app/web/" + id)
                    && e.message().contains("hello-from-podman")), logs.events.toString());

            ecs.call("StopTask", EcsFixture.json("{'cluster':'c','task':'" + arn + "','reason':'bye'}"), ctx);
            JsonNode stopped = await(ecs, ctx, arn, "STOPPED");
            assertEquals(137, stopped.at("/containers/0/exitCode").asInt(),
                    "busybox httpd as PID 1 ignores SIGTERM and is killed after stopTimeout");
            assertEquals("UserInitiated", stopped.path("stopCode").asText());
        } finally {
            ecs.close();
        }
    }

    /**
     * The whole path a deployer takes: the image is pushed to local ECR's registry endpoint with the ECR token, a
     * Fargate task references it by its ECR repository URI, and ECS's podman runtime pulls it from that endpoint
     * with an ECR token of its own (the registry rejects anonymous pulls), runs it, and ships its output to
     * CloudWatch Logs.
     */
    @Test
    void taskWithAnImagePushedToLocalEcrIsPulledWithAnEcrTokenAndRunsUnderPodman() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().clockFactor(10).runtimeMode(RuntimeMode.PODMAN).start();
                EcsClient ecsClient = Sdk.client(EcsClient.builder(), cloud.endpoint());
                EcrClient ecr = Sdk.client(EcrClient.builder(), cloud.endpoint());
                CloudWatchLogsClient logs = Sdk.client(CloudWatchLogsClient.builder(), cloud.endpoint())) {
            String repo = ecr.createRepository(b -> b.repositoryName("podman-web")).repository().repositoryUri();
            String token = new String(Base64.getDecoder().decode(ecr.getAuthorizationToken(b -> { })
                    .authorizationData().get(0).authorizationToken()), StandardCharsets.UTF_8);
            assertTrue(token.startsWith("AWS:"), "ECR tokens decode to AWS:<password>");
            assertEquals(0, run("podman", "push", "--tls-verify=false", "--creds", token, IMAGE, repo + ":v1"),
                    "podman push to local ECR with the ECR token");
            run("podman", "rmi", "-f", repo + ":v1");
            assertTrue(run("podman", "pull", "--tls-verify=false", repo + ":v1") != 0,
                    "local ECR's registry endpoint refuses an anonymous pull");
            String pushed = ecr.describeImages(b -> b.repositoryName("podman-web").imageIds(i -> i.imageTag("v1")))
                    .imageDetails().get(0).imageDigest();
            logs.createLogGroup(b -> b.logGroupName("/podman"));

            ecsClient.createCluster(b -> b.clusterName("c"));
            String td = ecsClient.registerTaskDefinition(b -> b.family("podman-web").networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                    .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                    .containerDefinitions(ContainerDefinition.builder().name("web").image(repo + ":v1")
                            .portMappings(PortMapping.builder().containerPort(8080).build())
                            .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
                                    "awslogs-group", "/podman", "awslogs-region", "us-east-1",
                                    "awslogs-stream-prefix", "app"))).build()))
                    .taskDefinition().taskDefinitionArn();
            String arn = ecsClient.runTask(b -> b.cluster("c").taskDefinition(td).launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets("subnet-1")
                            .securityGroups("sg-1")))).tasks().get(0).taskArn();
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            Task running = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                running = ecsClient.describeTasks(b -> b.cluster("c").tasks(arn)).tasks().get(0);
                if ("RUNNING".equals(running.lastStatus()) || "STOPPED".equals(running.lastStatus())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("RUNNING", running.lastStatus(), "task stopped or never ran: " + running.stoppedReason()
                    + " " + running.containers());
            assertEquals(pushed, running.containers().get(0).imageDigest(), "the task runs the pushed digest");
            String ip = running.containers().get(0).networkInterfaces().get(0).privateIpv4Address();
            String body = "";
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !body.startsWith("ok")) {
                body = get("http://" + ip + ":8080/health");
                Thread.sleep(200);
            }
            assertEquals("ok\n", body, "the container pulled from local ECR answers on the task's address");
            List<String> lines = List.of();
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && lines.stream().noneMatch(l -> l.contains("hello-from-podman"))) {
                try {
                    lines = logs.getLogEvents(b -> b.logGroupName("/podman").logStreamName("app/web/" + id))
                            .events().stream().map(OutputLogEvent::message).toList();
                } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
                    // as on AWS, the stream appears with the container's first forwarded line, which may come later
                }
                Thread.sleep(200);
            }
            assertTrue(lines.contains("hello-from-podman"), "the container's own output reaches the log: " + lines);
            ecsClient.stopTask(b -> b.cluster("c").task(arn).reason("done"));
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !"STOPPED".equals(ecsClient.describeTasks(b -> b.cluster("c")
                    .tasks(arn)).tasks().get(0).lastStatus())) {
                Thread.sleep(200);
            }
            run("podman", "rmi", "-f", repo + "@" + pushed); // the copy the runtime pulled
        }
    }

    private static JsonNode await(EcsService ecs, RequestContext ctx, String arn, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode t = null;
        while (System.nanoTime() < deadline) {
            t = ecs.call("DescribeTasks", EcsFixture.json("{'cluster':'c','tasks':['" + arn + "']}"), ctx)
                    .at("/tasks/0");
            if (status.equals(t.path("lastStatus").asText())) {
                return t;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task never reached " + status + ": " + t);
    }

    private static String get(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "";
        }
    }
}
