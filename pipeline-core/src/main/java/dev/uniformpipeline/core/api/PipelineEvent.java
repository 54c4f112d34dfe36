package dev.uniformpipeline.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened during a run. pipeline-core never prints: it emits these to the
 * {@link PipelineEventListener}s given to {@link UniformPipeline.Builder#eventListener}; the CLI and the
 * Jenkins plugin render them. Listeners are called one event at a time (never concurrently), in order.
 *
 * <p>Every event carries a timestamp, the stage it belongs to ({@link #stage()}, empty only for
 * {@link RunStarted} and {@link RunFinished}) and, for per-target stages (deploy, verify), the target.
 */
public sealed interface PipelineEvent {
    Instant timestamp();

    /** The stage; empty only for the run-level events {@link RunStarted} and {@link RunFinished}. */
    Optional<Stage> stage();

    /** The target for per-target stages (deploy, verify); empty otherwise. */
    Optional<String> target();

    /** The run began. */
    record RunStarted(Instant timestamp, String runId, String pipeline, List<Stage> stages, List<String> targets,
                      boolean dryRun) implements PipelineEvent {
        public RunStarted {
            Objects.requireNonNull(timestamp, "timestamp");
            stages = List.copyOf(stages);
            targets = List.copyOf(targets);
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.empty();
        }

        @Override
        public Optional<String> target() {
            return Optional.empty();
        }
    }

    /** A stage (or, for per-target stages, one target's share of it) began. */
    record StageStarted(Instant timestamp, Stage current, Optional<String> target) implements PipelineEvent {
        public StageStarted {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.of(current);
        }
    }

    /**
     * A stage reports how far it is.
     *
     * @param percent 0..100, or -1 when the stage cannot tell
     */
    record StageProgress(Instant timestamp, Stage current, Optional<String> target, String message, int percent)
            implements PipelineEvent {
        public StageProgress {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.of(current);
        }
    }

    /** A stage (or one target's share) succeeded. */
    record StageFinished(Instant timestamp, Stage current, Optional<String> target, Duration duration)
            implements PipelineEvent {
        public StageFinished {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.of(current);
        }
    }

    /**
     * A stage (or one target's share) failed, timed out or was cancelled.
     *
     * @param status  {@link RunReport.StageStatus#FAILED}, {@code TIMED_OUT} or {@code CANCELLED}
     * @param kind    the failure kind, for exit codes
     * @param reason  one line saying why
     */
    record StageFailed(Instant timestamp, Stage current, Optional<String> target, Duration duration,
                       RunReport.StageStatus status, PipelineException.Kind kind, String reason)
            implements PipelineEvent {
        public StageFailed {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.of(current);
        }
    }

    /** A stage (or one target's share) did not run, and why (an earlier stage failed, dry run, ...). */
    record StageSkipped(Instant timestamp, Stage current, Optional<String> target, String reason)
            implements PipelineEvent {
        public StageSkipped {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.of(current);
        }
    }

    /** A line of output from a stage's work (build tool output, rollout messages). */
    record LogLine(Instant timestamp, Stage current, Optional<String> target, Level level, String message)
            implements PipelineEvent {
        public LogLine {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.of(current);
        }
    }

    /** The run ended; {@code report} is the same report {@link PipelineRun#await()} returns. */
    record RunFinished(Instant timestamp, RunReport report) implements PipelineEvent {
        public RunFinished {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(report, "report");
        }

        @Override
        public Optional<Stage> stage() {
            return Optional.empty();
        }

        @Override
        public Optional<String> target() {
            return Optional.empty();
        }
    }

    /** Severity of a {@link LogLine}. */
    enum Level { DEBUG, INFO, WARN, ERROR }
}
