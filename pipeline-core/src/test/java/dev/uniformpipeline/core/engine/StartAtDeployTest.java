package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineRun;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.RunReport.StageStatus;
import dev.uniformpipeline.core.api.RunReport.TargetOutcome;
import dev.uniformpipeline.core.api.Stage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs that start at deploy (a given image, a rollback), with stage doubles: the deploy work gets what it needs. */
class StartAtDeployTest {
    static final String DIGEST = "sha256:" + "e".repeat(64);

    private static final CheckoutStage.Work NO_CHECKOUT = (p, d, c) -> {
        throw new AssertionError("checkout must not run");
    };
    private static final BuildStage.Work NO_BUILD = (s, i, c) -> {
        throw new AssertionError("build must not run");
    };
    private static final PushStage.Work NO_PUSH = (s, b, c) -> {
        throw new AssertionError("push must not run");
    };

    @Test
    void everyTargetDeploysTheGivenDigestAndIsVerified() throws Exception {
        List<String> deployed = new CopyOnWriteArrayList<>();
        DeployStage.Work deploy = (source, target, image, ctx) -> {
            deployed.add(target.name() + "=" + image.reference());
            return new Deployment(target.name(), "d-" + target.name(), image.reference());
        };
        StageWorks works = new StageWorks(NO_CHECKOUT, NO_BUILD, NO_PUSH, deploy, Fixtures.VERIFY_OK);
        Fixtures.Events events = new Fixtures.Events();
        RunRequest req = Fixtures.request(events).startingAs(RunStart.FromImage.parse(DIGEST), List.of());

        RunReport report = Fixtures.start(works, req).await();

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(List.of("prod-eks=localhost:5000/orders@" + DIGEST, "staging=localhost:5000/orders@" + DIGEST),
                deployed.stream().sorted().toList());
        assertEquals(StageStatus.SKIPPED, report.stage(Stage.CHECKOUT).orElseThrow().status());
        assertEquals(StageStatus.SUCCEEDED, report.stage(Stage.VERIFY).orElseThrow().status());
        assertEquals(TargetOutcome.SUCCEEDED, report.target("staging").orElseThrow().outcome());
        assertEquals(Optional.of(DIGEST), report.image().orElseThrow().digest());
        assertTrue(events.compact().contains("StageSkipped:checkout"), events.compact().toString());
    }

    @Test
    void rollbackRunsTheRollbackWorkForItsTargetOnlyThenVerifies() throws Exception {
        AtomicInteger deploys = new AtomicInteger();
        List<String> rolledBack = new CopyOnWriteArrayList<>();
        DeployStage.Work deploy = (source, target, image, ctx) -> {
            deploys.incrementAndGet();
            return new Deployment(target.name(), "x", "x");
        };
        RollbackStage.Work rollback = (source, target, ctx) -> {
            rolledBack.add(target.name());
            return new Deployment(target.name(), "previous", "rolled back");
        };
        StageWorks works = new StageWorks(NO_CHECKOUT, NO_BUILD, NO_PUSH, deploy, Fixtures.VERIFY_OK, rollback, null);
        RunRequest req = Fixtures.request(new Fixtures.Events())
                .startingAs(new RunStart.Rollback("staging"), List.of("staging"));

        RunReport report = Fixtures.start(works, req).await();

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(List.of("staging"), rolledBack);
        assertEquals(0, deploys.get());
        assertEquals(List.of("staging"), report.targets().stream().map(RunReport.TargetReport::name).toList());
        assertEquals(StageStatus.SUCCEEDED, report.target("staging").orElseThrow().stages().get(1).status());
    }

    @Test
    void cancellingDuringTheDeployOfAGivenImageSaysWhichTargetsWereDeploying() throws Exception {
        CountDownLatch deploying = new CountDownLatch(2);
        DeployStage.Work deploy = (source, target, image, ctx) -> {
            deploying.countDown();
            Thread.sleep(60_000);
            throw new AssertionError("not interrupted");
        };
        StageWorks works = new StageWorks(NO_CHECKOUT, NO_BUILD, NO_PUSH, deploy, Fixtures.VERIFY_OK);
        RunRequest req = Fixtures.request(new Fixtures.Events())
                .startingAs(RunStart.FromImage.parse("reg:5000/orders@" + DIGEST), List.of());
        PipelineRun run = Fixtures.start(works, req);
        assertTrue(deploying.await(10, TimeUnit.SECONDS));

        run.cancel();
        RunReport report = run.await();

        assertEquals(RunReport.RunStatus.CANCELLED, report.status());
        RunReport.Cancellation c = report.cancellation().orElseThrow();
        assertEquals(Optional.of(Stage.DEPLOY), c.stage());
        assertEquals(List.of("prod-eks", "staging"), c.targets().stream().sorted().toList());
        assertEquals(TargetOutcome.CANCELLED, report.target("staging").orElseThrow().outcome());
        assertEquals("reg:5000/orders", report.image().orElseThrow().repository());
    }
}
