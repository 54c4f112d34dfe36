package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineEventListener;
import dev.uniformpipeline.core.api.Stage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the caller asked for, as given to {@code UniformPipeline.Builder}.
 *
 * @param pipelineFile     the pipeline file, resolved against {@code workingDirectory} if relative
 * @param displayFile      the file as the user named it, for messages
 * @param targets          the targets to act on; empty means all
 * @param stageTimeouts    per-stage timeouts overriding the defaults
 * @param runTimeout       the whole-run timeout; empty means none
 * @param lastStage        the last stage to run; later stages are skipped ({@link Stage#VERIFY}: the whole recipe)
 * @param start            where the run starts: the source, a pushed image, or the rollback of one target
 */
public record RunRequest(Path pipelineFile, String displayFile, Path workingDirectory, Optional<String> profile,
                         Map<String, String> sets, List<String> targets, Map<String, String> environment,
                         boolean dryRun, List<PipelineEventListener> listeners, Map<Stage, Duration> stageTimeouts,
                         Optional<Duration> runTimeout, Stage lastStage, RunStart start) {
    /** The same request, starting as {@code start} and acting on {@code targets} only. */
    public RunRequest startingAs(RunStart start, List<String> targets) {
        return new RunRequest(pipelineFile, displayFile, workingDirectory, profile, sets, targets, environment, dryRun,
                listeners, stageTimeouts, runTimeout, lastStage, start);
    }

    /** Whether {@code stage} is part of what was asked for (at or before {@link #lastStage}). */
    public boolean requested(Stage stage) {
        return stage.ordinal() <= lastStage.ordinal();
    }

    public RunRequest {
        Objects.requireNonNull(pipelineFile, "pipelineFile");
        Objects.requireNonNull(displayFile, "displayFile");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(profile, "profile");
        sets = Map.copyOf(sets);
        targets = List.copyOf(targets);
        environment = Map.copyOf(environment);
        listeners = List.copyOf(listeners);
        stageTimeouts = Map.copyOf(stageTimeouts);
        Objects.requireNonNull(runTimeout, "runTimeout");
        Objects.requireNonNull(lastStage, "lastStage");
        Objects.requireNonNull(start, "start");
    }
}
