package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.RunReport.StageStatus;
import dev.uniformpipeline.core.api.RunReport.TargetOutcome;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.VerifyException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one pipeline: checkout, build, push, then deploy and verify for every target in parallel. The recipe is
 * {@link #run()}; everything else is bookkeeping. Each stage's work runs on its own worker thread so that the
 * runner can enforce timeouts and cancel it; the runner itself is the only thread that changes the report.
 *
 * <p>Single use: one runner, one run.
 */
public final class PipelineRunner {
    private final String runId;
    private final PipelineDefinition pipeline;
    private final RunRequest request;
    private final StageWorks works;
    private final EventSink events;
    private final Clock clock;
    private final Timeouts timeouts;
    private final Duration stopGrace;
    private final RunRecorder recorder;

    private final ExecutorService workers;
    private final ExecutorCompletionService<Object> completions;
    private final Map<Future<Object>, Step> active = new LinkedHashMap<>();
    private final AtomicBoolean used = new AtomicBoolean();

    /** For a run that starts at deploy (image or rollback): the pipeline resolved without a checkout. */
    private final CheckedOut given;
    /** For a run that deploys a given image: that image. */
    private final PushedImage givenImage;

    private volatile Stop stopRequest;
    private volatile Thread runThread;
    private long runDeadline = Long.MAX_VALUE;

    PipelineRunner(String runId, PipelineDefinition pipeline, RunRequest request, StageWorks works, Clock clock,
                   Duration stopGrace) {
        this(runId, pipeline, request, works, clock, stopGrace, null, null);
    }

    /**
     * @param given      the resolved pipeline for a run that starts at deploy (required unless the run starts from
     *                   the source)
     * @param givenImage the image to deploy (required for {@link RunStart.FromImage})
     */
    PipelineRunner(String runId, PipelineDefinition pipeline, RunRequest request, StageWorks works, Clock clock,
                   Duration stopGrace, CheckedOut given, PushedImage givenImage) {
        if (!(request.start() instanceof RunStart.FromSource) && given == null) {
            throw new IllegalArgumentException("a run that starts at deploy needs the resolved pipeline");
        }
        if (request.start() instanceof RunStart.FromImage && givenImage == null) {
            throw new IllegalArgumentException("a run that deploys a given image needs that image");
        }
        this.given = given;
        this.givenImage = givenImage;
        this.runId = runId;
        this.pipeline = pipeline;
        this.request = request;
        this.works = works.forRun(pipeline, request);
        this.events = new EventSink(request.listeners());
        this.clock = clock;
        this.timeouts = new Timeouts(request.stageTimeouts(), request.runTimeout());
        this.stopGrace = stopGrace;
        this.recorder = new RunRecorder(runId, pipeline, request);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "uniform-" + runId + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.completions = new ExecutorCompletionService<>(workers);
    }

    String runId() {
        return runId;
    }

    /** The recipe. Runs on the calling thread until the run ends; returns the report. Never throws for a failure. */
    public RunReport run() {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("a PipelineRunner runs once");
        }
        runThread = Thread.currentThread();
        Instant started = clock.instant();
        recorder.started(started);
        timeouts.run().ifPresent(t -> runDeadline = System.nanoTime() + t.toNanos());
        events.emit(new PipelineEvent.RunStarted(started, runId, pipeline.name(), List.of(Stage.values()),
                pipeline.targets().stream().map(PipelineDefinition.TargetRef::name).toList(), request.dryRun()));
        try {
            if (request.start() instanceof RunStart.FromImage) {
                fromImage();
            } else if (request.start() instanceof RunStart.Rollback rollback) {
                rollback(rollback.target());
            } else {
                fromSource();
            }
        } finally {
            workers.shutdownNow();
            Stop stop = stopRequest;
            if (stop != null) {
                Thread.interrupted(); // our own cancel interrupt; do not leak it to the caller's thread
                // stopped between stages: no stage was running (a no-op if a running stage was stopped)
                recorder.stopped(stop.at, stop.reason, stop.timeout, Optional.empty(), List.of());
            }
        }
        RunReport report = recorder.finish(clock.instant());
        events.emit(new PipelineEvent.RunFinished(report.finishedAt(), report));
        return report;
    }

    /** The whole recipe: checkout, build, push, then deploy and verify every target. */
    private void fromSource() {
        CheckedOut source = single(Stage.CHECKOUT, ctx ->
                new CheckoutStage(pipeline, request.workingDirectory(), works.checkout(), ctx));
        if (source != null) {
            recorder.source(source.source());
        }
        BuiltImage built = source == null || !request.requested(Stage.BUILD) ? skip(Stage.BUILD)
                : single(Stage.BUILD, ctx -> new BuildStage(source, imageOf(source), works.build(), ctx));
        if (built != null) {
            recorder.built(built);
        }
        PushedImage pushed = built == null || request.dryRun() || !request.requested(Stage.PUSH)
                ? skip(Stage.PUSH)
                : single(Stage.PUSH, ctx -> new PushStage(source, built, works.push(), ctx));
        if (pushed != null) {
            recorder.pushed(pushed);
        }
        if (pushed == null || !request.requested(Stage.DEPLOY)) {
            skipTargets();
        } else {
            deployAndVerifyInParallel(target -> ctx -> new DeployStage(source, target, pushed, works.deploy(), ctx));
        }
    }

    /** An image that is already pushed: straight to deploy and verify with its digest. */
    private void fromImage() {
        skipBeforeDeploy("not needed: deploying the given image " + givenImage.reference());
        recorder.pushed(givenImage);
        deployAndVerifyInParallel(target -> ctx -> new DeployStage(given, target, givenImage, works.deploy(), ctx));
    }

    /** The rollback of one target (the request selects only that target), then its verify. */
    private void rollback(String target) {
        skipBeforeDeploy("not needed: rollback of target '" + target + "'");
        deployAndVerifyInParallel(t -> ctx -> new RollbackStage(given, t, works.rollback(), ctx));
    }

    /**
     * Asks the run to stop (from any thread): running stages are interrupted and recorded as cancelled, later
     * stages are not started. Idempotent; the first reason wins.
     */
    public void cancel(String reason) {
        requestStop(new Stop(clock.instant(), reason, false));
    }

    // ------------------------------------------------------------------------------------------ recipe steps

    /** Runs one pipeline-wide stage; returns its output, or null if it failed, timed out or was cancelled. */
    private <T> T single(Stage stage, Function<StageContext, Callable<T>> stageFactory) {
        if (stopRequest != null) {
            return skip(stage);
        }
        List<Object> out = new ArrayList<>(1);
        launch(stage, null, stageFactory);
        drive(step -> out.add(step.result));
        @SuppressWarnings("unchecked")
        T result = out.isEmpty() ? null : (T) out.get(0);
        return result;
    }

    /** The image settings with the tags resolved against the commit (as written in the file if unresolved). */
    private PipelineDefinition.ImageRef imageOf(CheckedOut source) {
        return source.pipeline().map(p -> new PipelineDefinition.ImageRef(p.spec().image().registry(),
                p.spec().image().repository(), p.spec().image().tags())).orElse(pipeline.image());
    }

    /** A run that starts at deploy: checkout, build and push are skipped for {@code reason}. */
    private void skipBeforeDeploy(String reason) {
        for (Stage stage : List.of(Stage.CHECKOUT, Stage.BUILD, Stage.PUSH)) {
            skipStage(stage, null, reason);
        }
    }

    /** Deploy (as {@code deployOf} says) then verify every target, targets in parallel. */
    private void deployAndVerifyInParallel(
            Function<PipelineDefinition.TargetRef, Function<StageContext, Callable<Deployment>>> deployOf) {
        if (stopRequest != null) {
            skipTargets();
            return;
        }
        if (pipeline.targets().isEmpty()) {
            recorder.noTargets();
            return;
        }
        for (PipelineDefinition.TargetRef target : pipeline.targets()) {
            launch(Stage.DEPLOY, target, deployOf.apply(target));
        }
        drive(done -> {
            if (done.stage == Stage.DEPLOY && !request.requested(Stage.VERIFY)) {
                String reason = notRequested(request.lastStage());
                skipStage(Stage.VERIFY, done.target.name(), reason);
                recorder.targetOutcome(done.target.name(), TargetOutcome.SUCCEEDED, reason);
            } else if (done.stage == Stage.DEPLOY) {
                Deployment deployment = (Deployment) done.result;
                launch(Stage.VERIFY, done.target, ctx ->
                        new VerifyStage(done.target, deployment, works.verify(), ctx));
            } else {
                recorder.targetOutcome(done.target.name(), TargetOutcome.SUCCEEDED, null);
            }
        });
        // targets whose verify never started (deploy failed, timed out or was cancelled)
        for (PipelineDefinition.TargetRef target : pipeline.targets()) {
            if (!recorder.hasStage(Stage.VERIFY, target.name())) {
                skipStage(Stage.VERIFY, target.name(), reasonForSkip(Stage.VERIFY, target.name()));
            }
        }
    }

    private <T> T skip(Stage stage) {
        skipStage(stage, null, reasonForSkip(stage, null));
        return null;
    }

    private void skipTargets() {
        for (PipelineDefinition.TargetRef target : pipeline.targets()) {
            String reason = reasonForSkip(Stage.DEPLOY, target.name());
            skipStage(Stage.DEPLOY, target.name(), reason);
            skipStage(Stage.VERIFY, target.name(), reason);
            boolean cancelled = stopRequest != null && !stopRequest.timeout;
            recorder.targetOutcome(target.name(), cancelled ? TargetOutcome.CANCELLED : TargetOutcome.NOT_RUN, reason);
        }
        if (pipeline.targets().isEmpty()) {
            recorder.noTargets();
        }
    }

    private String reasonForSkip(Stage stage, String target) {
        if (stopRequest != null) {
            return (stopRequest.timeout ? "not run: the run timed out" : "not run: the run was cancelled");
        }
        Optional<String> failedBefore = recorder.firstFailureBefore(stage, target);
        if (failedBefore.isPresent()) {
            return "not run: " + failedBefore.get() + " did not succeed";
        }
        if (request.dryRun()) {
            return "dry run: nothing is pushed or deployed";
        }
        if (!request.requested(stage)) {
            return notRequested(request.lastStage());
        }
        return "not run";
    }

    private void skipStage(Stage stage, String target, String reason) {
        Instant now = clock.instant();
        recorder.skipped(stage, target, reason);
        events.emit(new PipelineEvent.StageSkipped(now, stage, Optional.ofNullable(target), reason));
    }

    // ------------------------------------------------------------------------------------------ machinery

    /** One stage (for one target, if per-target) running on a worker. */
    private final class Step implements StageContext {
        final Stage stage;
        final PipelineDefinition.TargetRef target;
        final long deadline;
        final Instant startedAt;
        final long startNanos = System.nanoTime();
        final AtomicBoolean claimed = new AtomicBoolean();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile boolean closed;
        Future<Object> future;
        Object result;

        Step(Stage stage, PipelineDefinition.TargetRef target) {
            this.stage = stage;
            this.target = target;
            this.startedAt = clock.instant();
            long timeout = timeouts.of(stage).toNanos();
            this.deadline = startNanos + timeout;
        }

        @Override
        public Stage stage() {
            return stage;
        }

        @Override
        public Optional<String> target() {
            return Optional.ofNullable(target).map(PipelineDefinition.TargetRef::name);
        }

        String targetName() {
            return target == null ? null : target.name();
        }

        @Override
        public void progress(String message, int percent) {
            if (!closed) {
                events.emit(new PipelineEvent.StageProgress(clock.instant(), stage, target(), message,
                        Math.max(-1, Math.min(100, percent))));
            }
        }

        @Override
        public void log(PipelineEvent.Level level, String message) {
            if (!closed) {
                events.emit(new PipelineEvent.LogLine(clock.instant(), stage, target(), level, message));
            }
        }

        @Override
        public boolean stopRequested() {
            return closed || stopRequest != null;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    private <T> void launch(Stage stage, PipelineDefinition.TargetRef target,
                            Function<StageContext, Callable<T>> stageFactory) {
        Step step = new Step(stage, target);
        Callable<T> callable = stageFactory.apply(step);
        recorder.stageStarted(stage, step.targetName(), step.startedAt);
        events.emit(new PipelineEvent.StageStarted(step.startedAt, stage, step.target()));
        step.future = completions.submit(() -> {
            if (!step.claimed.compareAndSet(false, true)) {
                return null; // stopped before it began
            }
            try {
                return callable.call();
            } finally {
                step.ended.countDown();
            }
        });
        active.put(step.future, step);
    }

    /** Waits for the active steps; {@code onSuccess} may launch more. Handles failures, timeouts and stops. */
    private void drive(Consumer<Step> onSuccess) {
        while (!active.isEmpty()) {
            if (stopRequest != null) {
                stopAll();
                return;
            }
            long now = System.nanoTime();
            long next = runDeadline;
            for (Step s : active.values()) {
                next = Math.min(next, s.deadline);
            }
            Future<Object> done;
            try {
                done = completions.poll(Math.max(0, next - now), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                requestStop(new Stop(clock.instant(), "the run was interrupted", false));
                continue;
            }
            if (done == null) {
                expire();
                continue;
            }
            Step step = active.remove(done);
            if (step == null) {
                continue; // a step we stopped ourselves
            }
            try {
                step.result = done.get();
                step.closed = true;
                Instant now2 = clock.instant();
                recorder.stageEnded(step.stage, step.targetName(), StageStatus.SUCCEEDED, now2, null);
                events.emit(new PipelineEvent.StageFinished(now2, step.stage, step.target(), step.elapsed()));
                onSuccess.accept(step);
            } catch (ExecutionException e) {
                failed(step, e.getCause());
            } catch (InterruptedException e) {
                // done.get() on a completed future does not block; keep the interrupt for the loop
                Thread.currentThread().interrupt();
                active.put(done, step);
            } catch (java.util.concurrent.CancellationException e) {
                // stopped by us; already recorded
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        if (now >= runDeadline) {
            Duration limit = timeouts.run().orElseThrow();
            requestStop(new Stop(clock.instant(), "the run timed out after " + human(limit), true));
            return;
        }
        for (Step step : List.copyOf(active.values())) {
            if (now >= step.deadline) {
                active.remove(step.future);
                stopStep(step);
                String what = step.stage.id() + (step.target == null ? "" : " of target '" + step.target.name() + "'");
                String reason = what + " timed out after " + human(timeouts.of(step.stage));
                Instant at = clock.instant();
                recorder.stageEnded(step.stage, step.targetName(), StageStatus.TIMED_OUT, at, reason);
                recorder.failure(step.stage, step.targetName(), PipelineException.Kind.PIPELINE_FAILED, reason);
                if (step.target != null) {
                    recorder.targetOutcome(step.target.name(), TargetOutcome.FAILED, reason);
                }
                events.emit(new PipelineEvent.StageFailed(at, step.stage, step.target(), step.elapsed(),
                        StageStatus.TIMED_OUT, PipelineException.Kind.PIPELINE_FAILED, reason));
            }
        }
    }

    private void failed(Step step, Throwable cause) {
        step.closed = true;
        PipelineException.Kind kind;
        String reason;
        TargetOutcome outcome = TargetOutcome.FAILED;
        if (cause instanceof PipelineException pe) {
            kind = pe.kind();
            reason = pe.getMessage();
            if (pe instanceof VerifyException ve && ve.rolledBack()) {
                outcome = TargetOutcome.ROLLED_BACK;
            }
        } else {
            kind = PipelineException.Kind.ENVIRONMENT;
            reason = "unexpected error in " + step.stage.id() + ": " + cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        Instant at = clock.instant();
        recorder.stageEnded(step.stage, step.targetName(), StageStatus.FAILED, at, reason);
        recorder.failure(step.stage, step.targetName(), kind, reason);
        if (step.target != null) {
            recorder.targetOutcome(step.target.name(), outcome, reason);
        }
        events.emit(new PipelineEvent.StageFailed(at, step.stage, step.target(), step.elapsed(), StageStatus.FAILED,
                kind, reason));
    }

    private void requestStop(Stop stop) {
        synchronized (this) {
            if (stopRequest != null) {
                return;
            }
            stopRequest = stop;
        }
        Thread t = runThread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Stops every active step, records where the run was, and waits (bounded) for the workers to end. */
    private void stopAll() {
        Stop stop = stopRequest;
        List<Step> stopped = List.copyOf(active.values());
        active.clear();
        stopped.forEach(this::stopStep);
        Optional<Stage> stage = stopped.stream().map(s -> s.stage).findFirst();
        List<String> targets = stopped.stream().filter(s -> s.target != null).map(s -> s.target.name()).toList();
        recorder.stopped(stop.at, stop.reason, stop.timeout, stage, targets);
        StageStatus status = stop.timeout ? StageStatus.TIMED_OUT : StageStatus.CANCELLED;
        for (Step step : stopped) {
            Instant at = clock.instant();
            recorder.stageEnded(step.stage, step.targetName(), status, at, stop.reason);
            if (step.target != null) {
                recorder.targetOutcome(step.target.name(),
                        stop.timeout ? TargetOutcome.FAILED : TargetOutcome.CANCELLED, stop.reason);
            }
            events.emit(new PipelineEvent.StageFailed(at, step.stage, step.target(), step.elapsed(), status,
                    PipelineException.Kind.PIPELINE_FAILED, stop.reason));
        }
    }

    /** Interrupts a step's worker and waits up to the grace period for it to end, so no event follows its end. */
    private void stopStep(Step step) {
        step.closed = true;
        if (!step.claimed.compareAndSet(false, true)) {
            step.future.cancel(true);
            boolean interrupted = Thread.interrupted();
            try {
                long until = System.nanoTime() + stopGrace.toNanos();
                while (true) {
                    try {
                        step.ended.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } else {
            step.future.cancel(false);
        }
    }

    /** The reason a stage after the requested last stage is skipped. */
    static String notRequested(Stage lastStage) {
        return "not requested: the run stops after " + lastStage.id();
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        if (d.toSeconds() < 120) {
            return d.toSeconds() + "s";
        }
        return d.toMinutes() + "m" + (d.toSecondsPart() == 0 ? "" : d.toSecondsPart() + "s");
    }

    /** Why the run is stopping. */
    private record Stop(Instant at, String reason, boolean timeout) {
    }
}
