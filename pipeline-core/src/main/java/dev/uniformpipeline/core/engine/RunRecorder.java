package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.RunReport.StageStatus;
import dev.uniformpipeline.core.api.RunReport.TargetOutcome;
import dev.uniformpipeline.core.api.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Collects what happened and builds the {@link RunReport}. Used by the runner's own thread only. */
final class RunRecorder {
    private static final List<StageStatus> WORST_FIRST = List.of(StageStatus.FAILED, StageStatus.TIMED_OUT,
            StageStatus.CANCELLED, StageStatus.SUCCEEDED, StageStatus.SKIPPED, StageStatus.NOT_RUN);

    private final String runId;
    private final PipelineDefinition pipeline;
    private final RunRequest request;
    private final Map<Key, Entry> stages = new LinkedHashMap<>();
    private final Map<String, TargetEntry> targets = new LinkedHashMap<>();
    private Instant startedAt;
    private RunReport.Source source;
    private RunReport.Image image;
    private RunReport.Failure failure;
    private RunReport.Cancellation cancellation;
    private boolean timedOut;

    RunRecorder(String runId, PipelineDefinition pipeline, RunRequest request) {
        this.runId = runId;
        this.pipeline = pipeline;
        this.request = request;
        for (PipelineDefinition.TargetRef t : pipeline.targets()) {
            targets.put(t.name(), new TargetEntry(t.type()));
        }
    }

    private record Key(Stage stage, String target) {
    }

    private static final class Entry {
        StageStatus status = StageStatus.NOT_RUN;
        Instant startedAt;
        Instant finishedAt;
        String reason;
    }

    private static final class TargetEntry {
        final String type;
        TargetOutcome outcome = TargetOutcome.NOT_RUN;
        String reason;

        TargetEntry(String type) {
            this.type = type;
        }
    }

    void started(Instant at) {
        startedAt = at;
    }

    void source(CheckoutResult checkout) {
        source = new RunReport.Source(checkout.revision(), checkout.ref());
    }

    void built(BuiltImage built) {
        image = new RunReport.Image(built.repository(), built.digest(), built.tags(), built.platforms());
    }

    void pushed(PushedImage pushed) {
        image = new RunReport.Image(pushed.repository(), Optional.of(pushed.digest()), pushed.tags(),
                pushed.platforms());
    }

    void stageStarted(Stage stage, String target, Instant at) {
        Entry e = stages.computeIfAbsent(new Key(stage, target), k -> new Entry());
        e.startedAt = at;
    }

    void stageEnded(Stage stage, String target, StageStatus status, Instant at, String reason) {
        Entry e = stages.computeIfAbsent(new Key(stage, target), k -> new Entry());
        e.status = status;
        e.finishedAt = at;
        e.reason = reason;
    }

    void skipped(Stage stage, String target, String reason) {
        Entry e = stages.computeIfAbsent(new Key(stage, target), k -> new Entry());
        e.status = StageStatus.SKIPPED;
        e.reason = reason;
    }

    boolean hasStage(Stage stage, String target) {
        return stages.containsKey(new Key(stage, target));
    }

    /** No target to deploy to: deploy and verify are skipped, which is not a failure. */
    void noTargets() {
        skipped(Stage.DEPLOY, null, "no targets selected");
        skipped(Stage.VERIFY, null, "no targets selected");
    }

    void targetOutcome(String target, TargetOutcome outcome, String reason) {
        TargetEntry t = targets.get(target);
        if (t != null) {
            t.outcome = outcome;
            t.reason = reason;
        }
    }

    void failure(Stage stage, String target, PipelineException.Kind kind, String message) {
        if (failure == null) {
            failure = new RunReport.Failure(stage, Optional.ofNullable(target), kind, message);
        }
    }

    void stopped(Instant at, String reason, boolean timeout, Optional<Stage> stage, List<String> running) {
        if (cancellation == null) {
            cancellation = new RunReport.Cancellation(at, reason, stage, running);
            timedOut = timeout;
        }
    }

    /** The stage that failed before {@code stage} (for {@code target}), as a readable name. */
    Optional<String> firstFailureBefore(Stage stage, String target) {
        for (Map.Entry<Key, Entry> e : stages.entrySet()) {
            Key k = e.getKey();
            boolean relevant = k.stage.ordinal() < stage.ordinal()
                    && (k.target == null || Objects.equals(k.target, target));
            StageStatus st = e.getValue().status;
            if (relevant && (st == StageStatus.FAILED || st == StageStatus.TIMED_OUT || st == StageStatus.CANCELLED)) {
                return Optional.of(k.stage.id() + (k.target == null ? "" : " of target '" + k.target + "'"));
            }
        }
        return Optional.empty();
    }

    RunReport finish(Instant at) {
        List<RunReport.StageReport> stageReports = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            stageReports.add(stage.perTarget() ? aggregate(stage) : single(stage, null));
        }
        List<RunReport.TargetReport> targetReports = new ArrayList<>();
        for (Map.Entry<String, TargetEntry> t : targets.entrySet()) {
            targetReports.add(new RunReport.TargetReport(t.getKey(), t.getValue().type, t.getValue().outcome,
                    Optional.ofNullable(t.getValue().reason),
                    List.of(single(Stage.DEPLOY, t.getKey()), single(Stage.VERIFY, t.getKey()))));
        }
        RunReport.RunStatus status;
        if (cancellation != null) {
            status = timedOut ? RunReport.RunStatus.TIMED_OUT : RunReport.RunStatus.CANCELLED;
        } else if (failure != null) {
            status = RunReport.RunStatus.FAILED;
        } else {
            status = RunReport.RunStatus.SUCCEEDED;
        }
        return new RunReport(RunReport.SCHEMA_VERSION, runId, pipeline.name(), pipeline.file(), pipeline.profile(),
                request.dryRun(), status, startedAt, at, Optional.ofNullable(source), Optional.ofNullable(image),
                stageReports, targetReports, Optional.ofNullable(failure), Optional.ofNullable(cancellation));
    }

    private RunReport.StageReport single(Stage stage, String target) {
        Entry e = stages.getOrDefault(new Key(stage, target), new Entry());
        return new RunReport.StageReport(stage, Optional.ofNullable(target), e.status,
                Optional.ofNullable(e.startedAt), Optional.ofNullable(e.finishedAt), Optional.ofNullable(e.reason));
    }

    /** A per-target stage over all targets: first start, last finish, worst status, the first reason. */
    private RunReport.StageReport aggregate(Stage stage) {
        Entry whole = stages.get(new Key(stage, null));
        if (whole != null) {
            return single(stage, null);
        }
        List<Entry> parts = new ArrayList<>();
        stages.forEach((k, v) -> {
            if (k.stage == stage && k.target != null) {
                parts.add(v);
            }
        });
        if (parts.isEmpty()) {
            return single(stage, null);
        }
        StageStatus worst = WORST_FIRST.stream()
                .filter(s -> parts.stream().anyMatch(p -> p.status == s)).findFirst().orElse(StageStatus.NOT_RUN);
        Instant first = parts.stream().map(p -> p.startedAt).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
        boolean allEnded = parts.stream().allMatch(p -> p.finishedAt != null || p.startedAt == null);
        Instant last = allEnded ? parts.stream().map(p -> p.finishedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null) : null;
        String reason = parts.stream().filter(p -> p.status == worst).map(p -> p.reason).filter(Objects::nonNull)
                .findFirst().orElse(null);
        return new RunReport.StageReport(stage, Optional.empty(), worst, Optional.ofNullable(first),
                Optional.ofNullable(last), Optional.ofNullable(reason));
    }
}
