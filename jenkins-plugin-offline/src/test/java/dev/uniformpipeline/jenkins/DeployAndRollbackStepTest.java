package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import hudson.AbortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * uniformDeploy and uniformRollback against the real engine with an offline StepContext. pipeline-core has no
 * deployer yet, so both fail at deploy with the stage's own message: what these show is that the arguments reach
 * pipeline-core's image(...) and rollback(...) entry points, which stages run, and what the console and the
 * archived report say.
 */
class DeployAndRollbackStepTest {
    static final String DIGEST = "sha256:" + "5e".repeat(32);
    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders@" + DIGEST;

    @TempDir
    Path tmp;

    private OfflineBuild orders() throws Exception {
        OfflineBuild build = new OfflineBuild(tmp);
        build.pipelineFile("pipeline.yml", OfflineBuild.orders());
        return build;
    }

    private static RunReport archived(OfflineBuild build) throws Exception {
        return RunReport.parse(Files.readString(build.archived("uniform-report.json")));
    }

    @Test
    void deployRunsDeployWithTheGivenDigestAndFailsWithTheDeployStagesMessage() throws Exception {
        OfflineBuild build = orders();
        UniformDeployStep step = new UniformDeployStep(IMAGE);
        step.setTargets(List.of("staging"));

        step.start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("Uniform Pipeline FAILED: pipeline 'orders' at deploy [staging]"
                + " (pipeline_failed): not implemented yet: rollout to fargate target 'staging'"), failure.getMessage());
        String console = build.console.text();
        assertTrue(console.contains("[uniform] uniformDeploy: pipeline.yml, deploying " + IMAGE), console);
        assertTrue(console.contains("[uniform] checkout skipped: not needed: deploying the given image " + IMAGE),
                console);
        assertTrue(console.contains("[uniform] ===== deploy [staging] ====="), console);
        assertFalse(console.contains("===== checkout ====="), console);
        assertTrue(console.contains("  push     skipped - not needed: deploying the given image"), console);
        RunReport report = archived(build);
        assertEquals(Optional.of(DIGEST), report.image().orElseThrow().digest());
        assertEquals(RunReport.StageStatus.SKIPPED, report.stage(Stage.BUILD).orElseThrow().status());
        assertEquals(RunReport.StageStatus.FAILED, report.stage(Stage.DEPLOY).orElseThrow().status());
        assertEquals(List.of("staging"), report.targets().stream().map(RunReport.TargetReport::name).toList());
        assertEquals(1, build.context.outcomes.size());
    }

    @Test
    void deployRefusesATagBeforeAnythingRuns() throws Exception {
        OfflineBuild build = orders();

        new UniformDeployStep("orders:1.2.3").start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("uniformDeploy: image: 'orders:1.2.3' is not an image digest"
                + " reference"), failure.getMessage());
        assertFalse(Files.exists(build.workspace.resolve("uniform-report.json")), "nothing ran");
    }

    @Test
    void deployWithoutAnImageSaysWhatItNeeds() throws Exception {
        OfflineBuild build = orders();

        new UniformDeployStep(" ").start(build.context).start();

        assertTrue(build.context.failure().getMessage().startsWith("uniformDeploy: image is required"),
                build.context.failure().getMessage());
    }

    @Test
    void aBareDigestNeedsARepositoryTheFileCanName() throws Exception {
        OfflineBuild build = orders(); // ECR without an account: the repository is not known

        new UniformDeployStep(DIGEST).start(build.context).start();

        Throwable failure = build.context.failure();
        assertTrue(failure.getMessage().startsWith("pipeline.yml is not a valid pipeline (1 problem(s)"),
                failure.getMessage());
        String console = build.console.text();
        assertTrue(console.contains("[uniform] pipeline.yml: image.ecr.account: the digest " + DIGEST
                + " names no repository"), console);
    }

    @Test
    void deployWithDryRunIsRefusedWithTheEnginesReason() throws Exception {
        OfflineBuild build = orders();
        UniformDeployStep step = new UniformDeployStep(IMAGE);
        step.setDryRun(true);

        step.start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().contains("dryRun(true)"), failure.getMessage());
    }

    @Test
    void rollbackActsOnItsTargetOnlyAndFailsWithTheRollbackMessage() throws Exception {
        OfflineBuild build = orders();

        new UniformRollbackStep("prod-eks").start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("Uniform Pipeline FAILED: pipeline 'orders' at deploy [prod-eks]"
                + " (pipeline_failed): not implemented yet: rollback of eks target 'prod-eks' to its previous"
                + " revision"), failure.getMessage());
        String console = build.console.text();
        assertTrue(console.contains("[uniform] uniformRollback: pipeline.yml, rolling back target prod-eks"), console);
        assertTrue(console.contains("[uniform] build skipped: not needed: rollback of target 'prod-eks'"), console);
        assertTrue(console.contains("target prod-eks (eks): failed"), console);
        RunReport report = archived(build);
        assertEquals(List.of("prod-eks"), report.targets().stream().map(RunReport.TargetReport::name).toList());
        assertEquals(Optional.empty(), report.image());
    }

    @Test
    void rollbackOfAnUnknownTargetListsTheKnownOnes() throws Exception {
        OfflineBuild build = orders();

        new UniformRollbackStep("prod").start(build.context).start();

        assertTrue(build.context.failure().getMessage().startsWith("pipeline.yml is not a valid pipeline"));
        assertTrue(build.console.text().contains("unknown target 'prod' (known targets: staging, prod-ec2, prod-eks)"),
                build.console.text());
    }

    @Test
    void rollbackRefusesArgumentsThatDoNotApply() throws Exception {
        UniformRollbackStep none = new UniformRollbackStep(null);
        UniformRollbackStep two = new UniformRollbackStep("staging");
        two.setTargets(List.of("staging", "prod-eks"));
        UniformRollbackStep dry = new UniformRollbackStep("staging");
        dry.setDryRun(true);
        UniformRollbackStep same = new UniformRollbackStep("staging");
        same.setTargets(List.of("staging"));
        List<String> expected = List.of("uniformRollback: target is required",
                "uniformRollback: rolls back one target", "uniformRollback: dryRun: true changes nothing",
                "Uniform Pipeline FAILED: pipeline 'orders' at deploy [staging]");
        List<UniformRollbackStep> steps = List.of(none, two, dry, same);
        for (int i = 0; i < steps.size(); i++) {
            OfflineBuild build = new OfflineBuild(tmp.resolve("b" + i));
            build.pipelineFile("pipeline.yml", OfflineBuild.orders());
            steps.get(i).start(build.context).start();
            String message = build.context.failure().getMessage();
            assertTrue(message.startsWith(expected.get(i)), message);
        }
    }
}
