package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import hudson.AbortException;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** uniformBuild's execution against the real engine (checkout, build, push only), with an offline StepContext. */
class UniformBuildStepTest {
    @TempDir
    Path tmp;

    /** A committed static site in the workspace whose image goes to {@code registry}. */
    static void commitStaticSite(OfflineBuild build, String registry) throws Exception {
        build.pipelineFile("pipeline.yml", """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: site
                source: { git: "." }
                build: { builder: static }
                image: { registry: "%s", repository: team/site, tags: ["${git.shortSha}"], insecure: true }
                service: { port: 8080, replicas: 1, cpu: 0.25, memory: 512MiB }
                targets:
                  - { name: prod-eks, type: eks, region: eu-west-1, cluster: prod-eks, namespace: site }
                """.formatted(registry));
        Files.createDirectories(build.workspace.resolve("public"));
        Files.writeString(build.workspace.resolve("public/index.html"), "<h1>site</h1>");
        try (Git git = Git.init().setDirectory(build.workspace.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("site").setAuthor("Ada", "ada@example.org")
                    .setCommitter("Ada", "ada@example.org").setSign(false).call();
        }
    }

    @Test
    void aFailingCheckoutFailsTheStepWithTheVerdictAndDeployIsNeverTried() throws Exception {
        OfflineBuild build = new OfflineBuild(tmp);
        build.pipelineFile("pipeline.yml", OfflineBuild.orders());

        new UniformBuildStep().start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("Uniform Pipeline FAILED: pipeline 'orders' at checkout"),
                failure.getMessage());
        RunReport report = RunReport.parse(Files.readString(build.archived("uniform-report.json")));
        assertEquals(RunReport.StageStatus.SKIPPED, report.stage(Stage.PUSH).orElseThrow().status());
        assertEquals(RunReport.StageStatus.SKIPPED, report.stage(Stage.DEPLOY).orElseThrow().status());
    }

    @Test
    void aRealBuildOfACommitStopsAfterPushAndAPushFailureIsAClearError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // closed again: nothing listens there
        }
        OfflineBuild build = new OfflineBuild(tmp, Map.of("UNIFORM_BASE_IMAGES", tmp.resolve("bases").toString()));
        commitStaticSite(build, "127.0.0.1:" + closedPort);

        new UniformBuildStep().start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("Uniform Pipeline FAILED: pipeline 'site' at push"),
                failure.getMessage());
        RunReport report = RunReport.parse(Files.readString(build.archived("uniform-report.json")));
        assertEquals(RunReport.StageStatus.SUCCEEDED, report.stage(Stage.BUILD).orElseThrow().status());
        assertEquals(RunReport.StageStatus.FAILED, report.stage(Stage.PUSH).orElseThrow().status());
        assertEquals(RunReport.TargetOutcome.NOT_RUN, report.target("prod-eks").orElseThrow().outcome());
    }

    @Test
    void withDryRunNothingIsPushedSoTheStepFailsInsteadOfReturningAnUnpushedDigest() throws Exception {
        OfflineBuild build = new OfflineBuild(tmp, Map.of("UNIFORM_BASE_IMAGES", tmp.resolve("bases").toString()));
        commitStaticSite(build, "127.0.0.1:1");
        UniformBuildStep step = new UniformBuildStep();
        step.setDryRun(true);

        step.start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("uniformBuild: no image was pushed"), failure.getMessage());
        RunReport report = RunReport.parse(Files.readString(build.archived("uniform-report.json")));
        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status());
        assertEquals(RunReport.StageStatus.SUCCEEDED, report.stage(Stage.BUILD).orElseThrow().status());
    }

    @Test
    void theStepAsksTheEngineToStopAfterPushAndReturnsThePushedDigest() throws Exception {
        RunSettings settings = new RunSettings("pipeline.yml", List.of(), null, Map.of(), false, Map.of(),
                java.util.Set.of(), "r.json", Stage.PUSH);
        assertEquals(Stage.PUSH, settings.lastStage());
        assertEquals(Stage.VERIFY, new RunSettings("pipeline.yml", List.of(), null, Map.of(), false, Map.of(),
                java.util.Set.of(), "r.json").lastStage());

        String digest = "sha256:" + "a".repeat(64);
        assertEquals(digest, UniformBuildStep.pushedDigest(report(RunReport.StageStatus.SUCCEEDED, digest)));
        AbortException notPushed = assertThrows(AbortException.class,
                () -> UniformBuildStep.pushedDigest(report(RunReport.StageStatus.SKIPPED, digest)));
        assertTrue(notPushed.getMessage().contains("no image was pushed"), notPushed.getMessage());
    }

    private static RunReport report(RunReport.StageStatus push, String digest) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<RunReport.StageReport> stages = java.util.Arrays.stream(Stage.values())
                .map(s -> new RunReport.StageReport(s, Optional.empty(), s == Stage.PUSH ? push
                        : s.ordinal() < Stage.PUSH.ordinal() ? RunReport.StageStatus.SUCCEEDED
                        : RunReport.StageStatus.SKIPPED, Optional.empty(), Optional.empty(), Optional.empty()))
                .toList();
        return new RunReport(1, "id", "site", "pipeline.yml", Optional.empty(), false,
                RunReport.RunStatus.SUCCEEDED, now, now, Optional.empty(),
                Optional.of(new RunReport.Image("r/team/site", Optional.of(digest), List.of("v1"))), stages,
                List.of(), Optional.empty(), Optional.empty());
    }
}
