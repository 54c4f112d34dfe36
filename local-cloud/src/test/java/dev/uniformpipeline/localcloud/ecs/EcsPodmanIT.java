package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
