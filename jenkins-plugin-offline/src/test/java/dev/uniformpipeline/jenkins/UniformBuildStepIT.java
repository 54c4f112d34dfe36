package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * uniformBuild end to end: a real commit in the workspace, built by the engine and pushed to a real docker-registry
 * (Debian package {@code docker-registry}) on 127.0.0.1; the step returns the digest the registry now serves.
 */
class UniformBuildStepIT {
    @TempDir
    Path tmp;

    @Test
    void uniformBuildPushesToARealRegistryAndReturnsTheDigestItServes() throws Exception {
        Path registryBinary = Path.of("/usr/bin/docker-registry");
        assertTrue(Files.isExecutable(registryBinary), "needs the Debian package docker-registry");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createDirectories(tmp.resolve("registry"));
        Files.writeString(dir.resolve("config.yml"), "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n  secret: uniform-test\n");
        Process registry = new ProcessBuilder(registryBinary.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            awaitPort(port);
            OfflineBuild build = new OfflineBuild(tmp.resolve("job"),
                    Map.of("UNIFORM_BASE_IMAGES", tmp.resolve("bases").toString()));
            UniformBuildStepTest.commitStaticSite(build, "127.0.0.1:" + port);
            String shortSha;
            try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(build.workspace.toFile())) {
                shortSha = git.getRepository().resolve("HEAD").name().substring(0, 7);
            }

            new UniformBuildStep().start(build.context).start();

            Object digest = build.context.result();
            HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v2/team/site/manifests/" + shortSha))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                            + "application/vnd.docker.distribution.manifest.v2+json").build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode());
            assertEquals(head.headers().firstValue("Docker-Content-Digest").orElseThrow(), digest);
            RunReport report = RunReport.parse(Files.readString(build.archived("uniform-report.json")));
            assertEquals(RunReport.RunStatus.SUCCEEDED, report.status());
            assertEquals(RunReport.StageStatus.SKIPPED, report.stage(Stage.DEPLOY).orElseThrow().status());
            assertEquals(java.util.Optional.of("not requested: the run stops after push"),
                    report.stage(Stage.DEPLOY).orElseThrow().reason());
            assertTrue(build.console.text().contains("uniformBuild: pushed " + digest), build.console.text());
        } finally {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("docker-registry did not listen on 127.0.0.1:" + port);
    }
}
