package dev.uniformpipeline.core.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code UniformPipeline.Builder.image(digest)} (a run that starts at deploy) and {@code UniformPipeline.rollback}
 * through the public API, on a real pipeline file. This build's deploy stage is not implemented, so both runs fail
 * there, with the stage's own message; what they show is what is skipped, what runs and with which digest.
 */
class DeployImageAndRollbackTest {
    static final String DIGEST = "sha256:" + "ab12".repeat(16);
    static final String REPO = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders";

    @TempDir
    Path dir;

    private UniformPipeline.Builder builder(List<PipelineEvent> events) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/spec/basic.yml")) {
            Files.writeString(dir.resolve("pipeline.yml"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(dir)
                .environment(Map.of()).eventListener(events::add).runTimeout(Duration.ofMinutes(1));
    }

    @Test
    void imageRefusesAnythingButADigestReferenceNamingTheField() {
        for (String bad : List.of("orders:latest", REPO + ":v1", "sha256:abc", "sha256:" + "AB".repeat(32),
                REPO + "@sha512:" + "a".repeat(128), "", "repo @" + DIGEST)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UniformPipeline.builder().image(bad), bad);
            assertTrue(e.getMessage().startsWith("image: '" + bad + "' is not an image digest reference"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("@sha256:<64 hex digits>"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UniformPipeline.builder().image(REPO + ":v1"))
                .getMessage().contains("A tag can point at another image"));
        assertThrows(NullPointerException.class, () -> UniformPipeline.builder().image(null));
    }

    @Test
    void imageCannotBeCombinedWithADryRunOrAnEarlierLastStage() {
        UniformPipeline.Builder dry = UniformPipeline.builder().pipelineFile(Path.of("p.yml")).image(DIGEST)
                .dryRun(true);
        assertTrue(assertThrows(IllegalStateException.class, dry::build).getMessage().contains("dryRun(true)"));
        UniformPipeline.Builder untilPush = UniformPipeline.builder().pipelineFile(Path.of("p.yml")).image(DIGEST)
                .lastStage(Stage.PUSH);
        assertTrue(assertThrows(IllegalStateException.class, untilPush::build).getMessage()
                .contains("lastStage(push)"));
    }

    @Test
    void aRunWithAnImageSkipsCheckoutBuildAndPushAndDeploysThatDigest() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        RunReport report = builder(events).image(REPO + "@" + DIGEST).targets("staging").build().run();

        String skipped = "not needed: deploying the given image " + REPO + "@" + DIGEST;
        for (Stage s : List.of(Stage.CHECKOUT, Stage.BUILD, Stage.PUSH)) {
            RunReport.StageReport r = report.stage(s).orElseThrow();
            assertEquals(RunReport.StageStatus.SKIPPED, r.status(), s.id());
            assertEquals(Optional.of(skipped), r.reason(), s.id());
        }
        assertEquals(REPO, report.image().orElseThrow().repository());
        assertEquals(Optional.of(DIGEST), report.image().orElseThrow().digest());
        assertEquals(Optional.empty(), report.source(), "nothing was checked out");
        // deploy really ran (and, in this build, failed with the deploy stage's own message)
        RunReport.TargetReport staging = report.target("staging").orElseThrow();
        assertEquals(RunReport.StageStatus.FAILED, staging.stages().get(0).status());
        assertTrue(staging.stages().get(0).startedAt().isPresent());
        assertEquals(RunReport.RunStatus.FAILED, report.status());
        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(Stage.DEPLOY, failure.stage());
        assertEquals(Optional.of("staging"), failure.target());
        assertTrue(failure.message().startsWith("not implemented yet: rollout to fargate target 'staging'"),
                failure.message());
        assertEquals(List.of("staging"), report.targets().stream().map(RunReport.TargetReport::name).toList());
        assertTrue(events.stream().anyMatch(e -> e instanceof PipelineEvent.StageStarted s
                && s.current() == Stage.DEPLOY), "a deploy stage started");
        assertFalse(events.stream().anyMatch(e -> e instanceof PipelineEvent.StageStarted s
                && s.current() == Stage.CHECKOUT), "checkout never started");
        // the JSON report carries the same
        RunReport back = RunReport.parse(report.toJson());
        assertEquals(Optional.of(DIGEST), back.image().orElseThrow().digest());
        assertEquals(Optional.of(skipped), back.stage(Stage.BUILD).orElseThrow().reason());
    }

    @Test
    void aBareDigestTakesTheRepositoryFromThePipelineFile() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        UniformPipeline.Builder b = builder(events);
        Files.writeString(dir.resolve("pipeline.yml"), Files.readString(dir.resolve("pipeline.yml"))
                .replace("  registry: ecr\n", "  registry: \"registry.example.com:5000\"\n")
                .replace("  ecr: { scanOnPush", "  # ecr: { scanOnPush"));

        RunReport report = b.image(DIGEST).targets("prod-eks").build().run();

        assertEquals("registry.example.com:5000/orders", report.image().orElseThrow().repository());
        assertEquals(Optional.of(DIGEST), report.image().orElseThrow().digest());
        assertEquals(Optional.of("not needed: deploying the given image registry.example.com:5000/orders@" + DIGEST),
                report.stage(Stage.PUSH).orElseThrow().reason());
    }

    @Test
    void aBareDigestWithAnEcrRepositoryOfUnknownAccountIsRefusedBeforeTheRun() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        UniformPipeline pipeline = builder(events).image(DIGEST).build();

        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, pipeline::start);
        Problem p = e.problems().get(0);
        assertEquals("image.ecr.account", p.path());
        assertTrue(p.hint().contains(".dkr.ecr.eu-west-1.amazonaws.com/orders@" + DIGEST), p.hint());
        assertTrue(events.isEmpty(), "nothing started");
    }

    @Test
    void rollbackActsOnOneTargetSkipsTheImageStagesAndFailsAtDeployInThisBuild() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        PipelineRun run = builder(events).targets("prod-eks", "staging").build().rollback("prod-ec2");
        RunReport report = run.await();

        assertEquals(List.of("prod-ec2"), report.targets().stream().map(RunReport.TargetReport::name).toList());
        for (Stage s : List.of(Stage.CHECKOUT, Stage.BUILD, Stage.PUSH)) {
            assertEquals(RunReport.StageStatus.SKIPPED, report.stage(s).orElseThrow().status(), s.id());
            assertEquals(Optional.of("not needed: rollback of target 'prod-ec2'"),
                    report.stage(s).orElseThrow().reason());
        }
        assertEquals(Optional.empty(), report.image());
        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(Stage.DEPLOY, failure.stage());
        assertEquals(Optional.of("prod-ec2"), failure.target());
        assertTrue(failure.message().startsWith(
                "not implemented yet: rollback of ecs-ec2 target 'prod-ec2' to its previous revision"),
                failure.message());
        assertEquals(RunReport.TargetOutcome.FAILED, report.target("prod-ec2").orElseThrow().outcome());
        assertEquals(RunReport.StageStatus.SKIPPED,
                report.target("prod-ec2").orElseThrow().stages().get(1).status(), "verify after a failed rollback");
    }

    @Test
    void rollbackChecksItsArguments() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        UniformPipeline plain = builder(events).build();
        assertThrows(IllegalArgumentException.class, () -> plain.rollback(" "));
        assertThrows(NullPointerException.class, () -> plain.rollback(null));
        InvalidPipelineException unknown = assertThrows(InvalidPipelineException.class,
                () -> plain.rollback("prod"));
        assertTrue(unknown.problems().get(0).message().contains("unknown target 'prod'"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> builder(events).image(DIGEST).build().rollback("staging")).getMessage().contains("takes no image"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> builder(events).dryRun(true).build().rollback("staging")).getMessage().contains("dryRun"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> builder(events).lastStage(Stage.PUSH).build().rollback("staging")).getMessage()
                .contains("lastStage(push)"));
        assertTrue(events.isEmpty(), "nothing started");
    }
}
