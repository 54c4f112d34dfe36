package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.BuildException;
import dev.uniformpipeline.core.api.DeployException;
import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.PipelineRun;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.RunReport.RunStatus;
import dev.uniformpipeline.core.api.RunReport.StageStatus;
import dev.uniformpipeline.core.api.RunReport.TargetOutcome;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.VerifyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.uniformpipeline.core.engine.Fixtures.allSucceed;
import static dev.uniformpipeline.core.engine.Fixtures.request;
import static dev.uniformpipeline.core.engine.Fixtures.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineRunnerTest {

    private static StageWorks with(StageWorks base, Object replacement) {
        return new StageWorks(
                replacement instanceof CheckoutStage.Work w ? w : base.checkout(),
                replacement instanceof BuildStage.Work w ? w : base.build(),
                replacement instanceof PushStage.Work w ? w : base.push(),
                replacement instanceof DeployStage.Work w ? w : base.deploy(),
                replacement instanceof VerifyStage.Work w ? w : base.verify());
    }

    /** Blocks until interrupted; counts down {@code entered} first. */
    private static void blockUntilInterrupted(CountDownLatch entered) throws InterruptedException {
        entered.countDown();
        new CountDownLatch(1).await();
    }

    @Test
    void stagesRunInRecipeOrderAndTheReportCarriesRevisionDigestAndTargets() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        StageWorks works = new StageWorks(
                (s, d, c) -> { calls.add("checkout"); return Fixtures.CHECKOUT_OK.checkout(s, d, c); },
                (co, i, c) -> { calls.add("build"); return Fixtures.BUILD_OK.build(co, i, c); },
                (s, b, c) -> { calls.add("push"); return Fixtures.PUSH_OK.push(s, b, c); },
                (p, t, i, c) -> { calls.add("deploy:" + t.name()); return Fixtures.DEPLOY_OK.deploy(p, t, i, c); },
                (t, d, c) -> {
                    calls.add("verify:" + t.name() + " after " + (calls.contains("deploy:" + t.name())));
                    return Fixtures.VERIFY_OK.verify(t, d, c);
                });
        Fixtures.Events events = new Fixtures.Events();

        RunReport report = start(works, request(events)).await();

        assertEquals(List.of("checkout", "build", "push"), calls.subList(0, 3));
        assertTrue(calls.containsAll(List.of("deploy:staging", "deploy:prod-eks",
                "verify:staging after true", "verify:prod-eks after true")), calls.toString());
        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertEquals(Fixtures.SHA, report.source().orElseThrow().revision());
        assertEquals(Optional.of("sha256:" + "d".repeat(64)), report.image().orElseThrow().digest());
        assertEquals(List.of("v1"), report.image().orElseThrow().tags());
        for (Stage stage : Stage.values()) {
            assertEquals(StageStatus.SUCCEEDED, report.stage(stage).orElseThrow().status(), stage.id());
            assertTrue(report.stage(stage).orElseThrow().duration().isPresent(), stage.id());
        }
        assertEquals(TargetOutcome.SUCCEEDED, report.target("staging").orElseThrow().outcome());
        assertEquals(TargetOutcome.SUCCEEDED, report.target("prod-eks").orElseThrow().outcome());
        assertTrue(report.failure().isEmpty());
        assertTrue(report.cancellation().isEmpty());
    }

    @Test
    void eventsFollowTheStagesFromRunStartedToRunFinished() throws Exception {
        Fixtures.Events events = new Fixtures.Events();
        RunReport report = start(allSucceed(), request(events)).await();

        List<String> c = events.compact();
        assertEquals(List.of("RunStarted", "StageStarted:checkout", "LogLine:checkout", "StageFinished:checkout",
                "StageStarted:build", "StageProgress:build", "StageFinished:build",
                "StageStarted:push", "StageFinished:push"), c.subList(0, 9));
        assertEquals("RunFinished", c.get(c.size() - 1));
        for (String target : List.of("staging", "prod-eks")) {
            int deployStarted = c.indexOf("StageStarted:deploy:" + target);
            int deployFinished = c.indexOf("StageFinished:deploy:" + target);
            int verifyStarted = c.indexOf("StageStarted:verify:" + target);
            int verifyFinished = c.indexOf("StageFinished:verify:" + target);
            assertTrue(8 < deployStarted && deployStarted < deployFinished && deployFinished < verifyStarted
                    && verifyStarted < verifyFinished, c.toString());
        }
        assertEquals(18, c.size(), c.toString());
        PipelineEvent.RunFinished last = (PipelineEvent.RunFinished) events.all.get(events.all.size() - 1);
        assertEquals(report, last.report());
        PipelineEvent.RunStarted first = (PipelineEvent.RunStarted) events.all.get(0);
        assertEquals(List.of("staging", "prod-eks"), first.targets());
    }

    @Test
    void targetsDeployInParallel() throws Exception {
        // both deploys must be inside the barrier at the same time; run one after the other, it breaks
        CyclicBarrier bothDeploying = new CyclicBarrier(2);
        DeployStage.Work deploy = (p, t, i, c) -> {
            bothDeploying.await(20, TimeUnit.SECONDS);
            return Fixtures.DEPLOY_OK.deploy(p, t, i, c);
        };
        RunReport report = start(with(allSucceed(), deploy), request(new Fixtures.Events())).await();

        assertEquals(RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(TargetOutcome.SUCCEEDED, report.target("staging").orElseThrow().outcome());
        assertEquals(TargetOutcome.SUCCEEDED, report.target("prod-eks").orElseThrow().outcome());
    }

    @Test
    void listenersNeverSeeTwoEventsAtOnceEvenFromParallelTargets() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        DeployStage.Work chatty = (p, t, i, c) -> {
            for (int n = 0; n < 200; n++) {
                c.log("line " + n);
            }
            return Fixtures.DEPLOY_OK.deploy(p, t, i, c);
        };
        RunRequest base = request(new Fixtures.Events());
        RunRequest req = new RunRequest(base.pipelineFile(), base.displayFile(), base.workingDirectory(),
                base.profile(), base.sets(), base.targets(), base.environment(), false, List.of(e -> {
                    if (inside.incrementAndGet() > 1) {
                        overlapped.set(true);
                    }
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                }), Map.of(), Optional.empty(), Stage.VERIFY, RunStart.fromSource());

        RunReport report = start(with(allSucceed(), chatty), req).await();

        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertFalse(overlapped.get(), "two events were delivered concurrently");
    }

    @Test
    void aFailingStageStopsTheLaterOnesAndTheReportSaysWhy() throws Exception {
        AtomicInteger laterCalls = new AtomicInteger();
        StageWorks works = new StageWorks(Fixtures.CHECKOUT_OK,
                (co, i, c) -> { throw new BuildException("no builder detected in /src: add build.builder"); },
                (s, b, c) -> { laterCalls.incrementAndGet(); return null; },
                (p, t, i, c) -> { laterCalls.incrementAndGet(); return null; },
                (t, d, c) -> { laterCalls.incrementAndGet(); return null; });
        Fixtures.Events events = new Fixtures.Events();

        RunReport report = start(works, request(events)).await();

        assertEquals(0, laterCalls.get());
        assertEquals(RunStatus.FAILED, report.status());
        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(Stage.BUILD, failure.stage());
        assertEquals(PipelineException.Kind.PIPELINE_FAILED, failure.kind());
        assertEquals("no builder detected in /src: add build.builder", failure.message());
        assertEquals(StageStatus.FAILED, report.stage(Stage.BUILD).orElseThrow().status());
        RunReport.StageReport push = report.stage(Stage.PUSH).orElseThrow();
        assertEquals(StageStatus.SKIPPED, push.status());
        assertEquals(Optional.of("not run: build did not succeed"), push.reason());
        assertEquals(StageStatus.SKIPPED, report.stage(Stage.DEPLOY).orElseThrow().status());
        assertEquals(TargetOutcome.NOT_RUN, report.target("staging").orElseThrow().outcome());
        assertTrue(events.compact().contains("StageFailed:build"));
        assertTrue(events.compact().contains("StageSkipped:deploy:staging"));
    }

    @Test
    void theStandardCheckoutRunsForRealAndFailsClearlyOutsideARepository() throws Exception {
        // source "." in /tmp: the real (JGit) checkout refuses a directory that is not a git working tree
        RunReport report = start(StageWorks.standard(), request(new Fixtures.Events())).await();

        assertEquals(RunStatus.FAILED, report.status());
        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(Stage.CHECKOUT, failure.stage());
        assertTrue(failure.message().contains("is not inside a git working tree"), failure.message());
        assertTrue(report.source().isEmpty());
        assertTrue(report.image().isEmpty());
    }

    @Test
    void oneTargetFailingDoesNotStopTheOtherAndARollbackIsNeverASuccess() throws Exception {
        DeployStage.Work deploy = (p, t, i, c) -> {
            if (t.name().equals("prod-eks")) {
                throw new DeployException("prod-eks", "namespace 'orders' does not exist");
            }
            return Fixtures.DEPLOY_OK.deploy(p, t, i, c);
        };
        VerifyStage.Work verify = (t, d, c) -> {
            throw new VerifyException(t.name(), true, "tasks stopped: Essential container exited (exit 1); rolled back");
        };
        StageWorks works = with(with(allSucceed(), deploy), verify);

        RunReport report = start(works, request(new Fixtures.Events())).await();

        assertEquals(RunStatus.FAILED, report.status());
        RunReport.TargetReport staging = report.target("staging").orElseThrow();
        assertEquals(TargetOutcome.ROLLED_BACK, staging.outcome());
        assertTrue(staging.reason().orElseThrow().contains("rolled back"));
        RunReport.TargetReport eks = report.target("prod-eks").orElseThrow();
        assertEquals(TargetOutcome.FAILED, eks.outcome());
        assertEquals(Optional.of("namespace 'orders' does not exist"), eks.reason());
        assertEquals(StageStatus.SKIPPED, eks.stages().get(1).status());
        assertEquals(Optional.of("not run: deploy of target 'prod-eks' did not succeed"), eks.stages().get(1).reason());
    }

    @Test
    void cancellingMidDeployStopsTheRunningTargetsAndTheReportSaysWhere() throws Exception {
        CountDownLatch bothInDeploy = new CountDownLatch(2);
        AtomicInteger verifies = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        DeployStage.Work deploy = (p, t, i, c) -> {
            try {
                blockUntilInterrupted(bothInDeploy);
            } catch (InterruptedException e) {
                interrupted.set(true);
                c.log("late line after interrupt"); // must not appear: the stage has ended
                throw e;
            }
            return null;
        };
        VerifyStage.Work verify = (t, d, c) -> {
            verifies.incrementAndGet();
            return null;
        };
        Fixtures.Events events = new Fixtures.Events();
        PipelineRun run = start(with(with(allSucceed(), deploy), verify), request(events));
        assertTrue(bothInDeploy.await(20, TimeUnit.SECONDS));

        run.cancel();
        RunReport report = run.await();

        assertTrue(interrupted.get(), "the deploy work was interrupted");
        assertEquals(0, verifies.get());
        assertEquals(RunStatus.CANCELLED, report.status());
        RunReport.Cancellation where = report.cancellation().orElseThrow();
        assertEquals(Optional.of(Stage.DEPLOY), where.stage());
        assertEquals(List.of("staging", "prod-eks"), where.targets());
        assertEquals(StageStatus.SUCCEEDED, report.stage(Stage.PUSH).orElseThrow().status());
        assertEquals(StageStatus.CANCELLED, report.stage(Stage.DEPLOY).orElseThrow().status());
        assertEquals(TargetOutcome.CANCELLED, report.target("staging").orElseThrow().outcome());
        assertEquals(StageStatus.SKIPPED, report.target("staging").orElseThrow().stages().get(1).status());
        assertFalse(events.compact().contains("LogLine:deploy:staging"), events.compact().toString());
        assertEquals("RunFinished", events.compact().get(events.compact().size() - 1));
    }

    @Test
    void interruptingTheThreadThatAwaitsCancelsTheRun() throws Exception {
        CountDownLatch inBuild = new CountDownLatch(1);
        BuildStage.Work build = (co, i, c) -> {
            blockUntilInterrupted(inBuild);
            return null;
        };
        PipelineRun run = start(with(allSucceed(), build), request(new Fixtures.Events()));
        assertTrue(inBuild.await(20, TimeUnit.SECONDS));
        RunReport[] out = new RunReport[1];
        boolean[] flagAfter = new boolean[1];
        Thread waiter = new Thread(() -> {
            out[0] = run.await();
            flagAfter[0] = Thread.currentThread().isInterrupted();
        });
        waiter.start();
        waiter.interrupt();
        waiter.join(20_000);

        assertFalse(waiter.isAlive());
        assertEquals(RunStatus.CANCELLED, out[0].status());
        assertEquals(Optional.of(Stage.BUILD), out[0].cancellation().orElseThrow().stage());
        assertEquals(StageStatus.SKIPPED, out[0].stage(Stage.PUSH).orElseThrow().status());
        assertTrue(flagAfter[0], "await keeps the interrupt flag set");
    }

    @Test
    void aStageThatOverrunsItsTimeoutIsStoppedAndTheRunFails() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger pushes = new AtomicInteger();
        BuildStage.Work build = (co, i, c) -> {
            blockUntilInterrupted(entered);
            return null;
        };
        PushStage.Work push = (s, b, c) -> {
            pushes.incrementAndGet();
            return null;
        };
        RunRequest req = request(new Fixtures.Events(), false, Map.of(Stage.BUILD, Duration.ofMillis(200)),
                Optional.empty());

        RunReport report = start(with(with(allSucceed(), build), push), req).await();

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals(0, pushes.get());
        assertEquals(StageStatus.TIMED_OUT, report.stage(Stage.BUILD).orElseThrow().status());
        assertEquals("build timed out after 200ms", report.failure().orElseThrow().message());
        assertTrue(report.cancellation().isEmpty());
    }

    @Test
    void theWholeRunTimeoutStopsTheRunningStageAndSaysWhere() throws Exception {
        CheckoutStage.Work checkout = (s, d, c) -> {
            blockUntilInterrupted(new CountDownLatch(1));
            return null;
        };
        RunRequest req = request(new Fixtures.Events(), false, Map.of(), Optional.of(Duration.ofMillis(300)));

        RunReport report = start(with(allSucceed(), checkout), req).await();

        assertEquals(RunStatus.TIMED_OUT, report.status());
        RunReport.Cancellation where = report.cancellation().orElseThrow();
        assertEquals(Optional.of(Stage.CHECKOUT), where.stage());
        assertEquals("the run timed out after 300ms", where.reason());
        assertEquals(StageStatus.TIMED_OUT, report.stage(Stage.CHECKOUT).orElseThrow().status());
        assertEquals(TargetOutcome.NOT_RUN, report.target("staging").orElseThrow().outcome());
    }

    @Test
    void aDryRunBuildsButPushesAndDeploysNothing() throws Exception {
        AtomicInteger remote = new AtomicInteger();
        StageWorks works = new StageWorks(Fixtures.CHECKOUT_OK, Fixtures.BUILD_OK,
                (s, b, c) -> { remote.incrementAndGet(); return null; },
                (p, t, i, c) -> { remote.incrementAndGet(); return null; },
                (t, d, c) -> { remote.incrementAndGet(); return null; });

        RunReport report = start(works, request(new Fixtures.Events(), true, Map.of(), Optional.empty())).await();

        assertEquals(0, remote.get());
        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertTrue(report.dryRun());
        assertEquals(StageStatus.SUCCEEDED, report.stage(Stage.BUILD).orElseThrow().status());
        assertEquals(StageStatus.SKIPPED, report.stage(Stage.PUSH).orElseThrow().status());
        assertEquals(Optional.of("dry run: nothing is pushed or deployed"),
                report.stage(Stage.PUSH).orElseThrow().reason());
        assertEquals(TargetOutcome.NOT_RUN, report.target("staging").orElseThrow().outcome());
        assertTrue(report.image().orElseThrow().digest().isEmpty());
    }

    @Test
    void anUnexpectedExceptionInAStageIsAnEnvironmentFailureNamingTheStage() throws Exception {
        PushStage.Work push = (s, b, c) -> {
            throw new IllegalStateException("socket closed");
        };
        RunReport report = start(with(allSucceed(), push), request(new Fixtures.Events())).await();

        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(PipelineException.Kind.ENVIRONMENT, failure.kind());
        assertEquals("unexpected error in push: java.lang.IllegalStateException: socket closed", failure.message());
    }

    @Test
    void theReportSurvivesAJsonRoundTrip() throws Exception {
        DeployStage.Work deploy = (p, t, i, c) -> {
            if (t.name().equals("prod-eks")) {
                throw new DeployException("prod-eks", "no cluster");
            }
            return Fixtures.DEPLOY_OK.deploy(p, t, i, c);
        };
        RunReport report = start(with(allSucceed(), deploy), request(new Fixtures.Events())).await();

        assertEquals(report, RunReport.parse(report.toJson()));
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRunOrTheOtherListeners() throws Exception {
        Fixtures.Events seen = new Fixtures.Events();
        RunRequest base = request(seen);
        RunRequest req = new RunRequest(base.pipelineFile(), base.displayFile(), base.workingDirectory(),
                base.profile(), base.sets(), base.targets(), base.environment(), false, List.of(e -> {
                    throw new IllegalStateException("broken renderer");
                }, seen::add), Map.of(), Optional.empty(), Stage.VERIFY, RunStart.fromSource());

        RunReport report = start(allSucceed(), req).await();

        assertEquals(RunStatus.SUCCEEDED, report.status());
        assertEquals(18, seen.all.size());
    }

    @Test
    void workThatIgnoresInterruptsIsAbandonedAfterTheGracePeriodAndTheRunStillEnds() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BuildStage.Work stubborn = (co, i, c) -> {
            entered.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return null;
                    }
                } catch (InterruptedException ignored) {
                    // keeps going: badly behaved work
                }
            }
        };
        Engine engine = new Engine(r -> Fixtures.PIPELINE, Engine.NOT_IMPLEMENTED_PLANNER,
                Engine.NOT_IMPLEMENTED_RENDERER, with(allSucceed(), stubborn), java.time.Clock.systemUTC(),
                Duration.ofMillis(100));
        PipelineRun run = engine.start(request(new Fixtures.Events()));
        assertTrue(entered.await(20, TimeUnit.SECONDS));

        run.cancel();
        Optional<RunReport> report = run.await(Duration.ofSeconds(20));
        release.countDown();

        assertTrue(report.isPresent(), "the run ended although the work ignored the interrupt");
        assertEquals(RunStatus.CANCELLED, report.get().status());
        assertEquals(Optional.of(Stage.BUILD), report.get().cancellation().orElseThrow().stage());
    }

    @Test
    void aCancelBetweenStagesStopsBeforeTheNextStageAndTheReportSaysNoStageWasRunning() throws Exception {
        java.util.concurrent.atomic.AtomicReference<PipelineRun> handle = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch handleSet = new CountDownLatch(1);
        AtomicInteger builds = new AtomicInteger();
        CheckoutStage.Work checkout = (p, d, c) -> {
            handleSet.await(20, TimeUnit.SECONDS);
            return Fixtures.CHECKOUT_OK.checkout(p, d, c);
        };
        BuildStage.Work build = (co, i, c) -> {
            builds.incrementAndGet();
            return Fixtures.BUILD_OK.build(co, i, c);
        };
        RunRequest base = request(new Fixtures.Events());
        RunRequest req = new RunRequest(base.pipelineFile(), base.displayFile(), base.workingDirectory(),
                base.profile(), base.sets(), base.targets(), base.environment(), false, List.of(e -> {
                    if (e instanceof PipelineEvent.StageFinished f && f.current() == Stage.CHECKOUT) {
                        handle.get().cancel(); // on the runner's thread, after checkout, before build
                    }
                }), Map.of(), Optional.empty(), Stage.VERIFY, RunStart.fromSource());
        PipelineRun run = start(with(with(allSucceed(), checkout), build), req);
        handle.set(run);
        handleSet.countDown();

        RunReport report = run.await();

        assertEquals(0, builds.get());
        assertEquals(RunStatus.CANCELLED, report.status());
        assertEquals(Optional.empty(), report.cancellation().orElseThrow().stage());
        assertEquals(StageStatus.SUCCEEDED, report.stage(Stage.CHECKOUT).orElseThrow().status());
        assertEquals(Optional.of("not run: the run was cancelled"), report.stage(Stage.BUILD).orElseThrow().reason());
        assertEquals(TargetOutcome.CANCELLED, report.target("staging").orElseThrow().outcome());
    }

    private static RunRequest until(Stage last, Fixtures.Events events) {
        RunRequest b = request(events);
        return new RunRequest(b.pipelineFile(), b.displayFile(), b.workingDirectory(), b.profile(), b.sets(),
                b.targets(), b.environment(), false, b.listeners(), Map.of(), Optional.empty(), last,
                RunStart.fromSource());
    }

    @Test
    void untilPushDeploysNothingSkipsDeployAndVerifyAndSucceedsWithTheDigest() throws Exception {
        AtomicInteger deploys = new AtomicInteger();
        AtomicInteger verifies = new AtomicInteger();
        DeployStage.Work deploy = (p, t, i, c) -> {
            deploys.incrementAndGet();
            return Fixtures.DEPLOY_OK.deploy(p, t, i, c);
        };
        VerifyStage.Work verify = (t, d, c) -> {
            verifies.incrementAndGet();
            return Fixtures.VERIFY_OK.verify(t, d, c);
        };
        Fixtures.Events events = new Fixtures.Events();

        RunReport report = start(with(with(allSucceed(), deploy), verify), until(Stage.PUSH, events)).await();

        assertEquals(0, deploys.get());
        assertEquals(0, verifies.get());
        assertEquals(RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(Optional.of("sha256:" + "d".repeat(64)), report.image().orElseThrow().digest());
        assertEquals(StageStatus.SUCCEEDED, report.stage(Stage.PUSH).orElseThrow().status());
        for (Stage later : List.of(Stage.DEPLOY, Stage.VERIFY)) {
            RunReport.StageReport s = report.stage(later).orElseThrow();
            assertEquals(StageStatus.SKIPPED, s.status(), later.id());
            assertEquals(Optional.of("not requested: the run stops after push"), s.reason(), later.id());
            assertTrue(s.startedAt().isEmpty(), later.id());
        }
        for (String target : List.of("staging", "prod-eks")) {
            RunReport.TargetReport t = report.target(target).orElseThrow();
            assertEquals(TargetOutcome.NOT_RUN, t.outcome(), target);
            assertEquals(Optional.of("not requested: the run stops after push"), t.reason(), target);
        }
        assertTrue(report.failure().isEmpty());
        List<String> c = events.compact();
        assertTrue(c.contains("StageSkipped:deploy:staging") && c.contains("StageSkipped:verify:prod-eks"),
                c.toString());
        assertFalse(c.stream().anyMatch(e -> e.startsWith("StageStarted:deploy")), c.toString());
        assertEquals(report, RunReport.parse(report.toJson()));
    }

    @Test
    void untilBuildSkipsPushAndTheImageHasNoDigest() throws Exception {
        AtomicInteger pushes = new AtomicInteger();
        PushStage.Work push = (s, b, c) -> {
            pushes.incrementAndGet();
            return Fixtures.PUSH_OK.push(s, b, c);
        };
        RunReport report = start(with(allSucceed(), push), until(Stage.BUILD, new Fixtures.Events())).await();

        assertEquals(0, pushes.get());
        assertEquals(RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(StageStatus.SUCCEEDED, report.stage(Stage.BUILD).orElseThrow().status());
        assertEquals(StageStatus.SKIPPED, report.stage(Stage.PUSH).orElseThrow().status());
        assertEquals(Optional.of("not requested: the run stops after build"),
                report.stage(Stage.PUSH).orElseThrow().reason());
        assertEquals(StageStatus.SKIPPED, report.stage(Stage.DEPLOY).orElseThrow().status());
        assertEquals(Optional.empty(), report.image().orElseThrow().digest());
        assertEquals(TargetOutcome.NOT_RUN, report.target("staging").orElseThrow().outcome());
    }

    @Test
    void untilPushStillFailsWhenBuildFailsAndSaysWhyPushWasNotRun() throws Exception {
        BuildStage.Work broken = (co, i, c) -> {
            throw new BuildException("no Dockerfile-free strategy fits");
        };
        RunReport report = start(with(allSucceed(), broken), until(Stage.PUSH, new Fixtures.Events())).await();

        assertEquals(RunStatus.FAILED, report.status());
        assertEquals(Optional.of("not run: build did not succeed"), report.stage(Stage.PUSH).orElseThrow().reason());
    }
}
