package dev.uniformpipeline.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run did: per-stage status and timings, the source revision, the image digest and tags, the outcome per
 * target with reasons, and where a cancellation or failure stopped the run. Immutable.
 *
 * <p>{@link #toJson()} writes the stable, documented shape (docs/run-report.md, {@code schemaVersion} 1);
 * {@link #parse(String)} reads it back. Enum values appear in JSON as lower-case ids ({@code rolled_back}).
 */
public record RunReport(
        int schemaVersion,
        String runId,
        String pipeline,
        String pipelineFile,
        Optional<String> profile,
        boolean dryRun,
        RunStatus status,
        Instant startedAt,
        Instant finishedAt,
        Optional<Source> source,
        Optional<Image> image,
        List<StageReport> stages,
        List<TargetReport> targets,
        Optional<Failure> failure,
        Optional<Cancellation> cancellation) {

    /** The version of the JSON shape this class writes. */
    public static final int SCHEMA_VERSION = 1;

    public RunReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(pipelineFile, "pipelineFile");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(image, "image");
        stages = List.copyOf(stages);
        targets = List.copyOf(targets);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The report of one stage, if it is part of the run. */
    public Optional<StageReport> stage(Stage stage) {
        return stages.stream().filter(s -> s.stage() == stage).findFirst();
    }

    /** The report of one target, if it is part of the run. */
    public Optional<TargetReport> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The stable JSON shape (docs/run-report.md), pretty-printed. */
    public String toJson() {
        return ApiJson.write(ApiJson.report(this));
    }

    /** Reads {@link #toJson()} output; throws IllegalArgumentException naming the field if it is not that shape. */
    public static RunReport parse(String json) {
        return ApiJson.readReport(json);
    }

    /** How the run ended. */
    public enum RunStatus {
        SUCCEEDED, FAILED, CANCELLED, TIMED_OUT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a stage, or one target's share of it, ended. */
    public enum StageStatus {
        SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED, NOT_RUN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a target ended. {@code ROLLED_BACK} is a failure: the previous version is serving again. */
    public enum TargetOutcome {
        SUCCEEDED, FAILED, ROLLED_BACK, CANCELLED, NOT_RUN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The source that was built. */
    public record Source(String revision, Optional<String> ref) {
        public Source {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(ref, "ref");
        }
    }

    /**
     * The image that was pushed (or built, on a dry run).
     *
     * @param digest    what gets deployed: the manifest digest, or for a multi-platform image the image index digest
     * @param platforms for a multi-platform image, each platform ({@code linux/arm64}) and its manifest digest;
     *                  empty for a single-platform image
     */
    public record Image(String repository, Optional<String> digest, List<String> tags,
                        java.util.Map<String, String> platforms) {
        public Image {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(digest, "digest");
            tags = List.copyOf(tags);
            platforms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                    platforms == null ? java.util.Map.of() : platforms));
        }

        public Image(String repository, Optional<String> digest, List<String> tags) {
            this(repository, digest, tags, java.util.Map.of());
        }
    }

    /**
     * One stage. For per-target stages (deploy, verify) this is the aggregate over targets: started when the
     * first target started, finished when the last finished, the worst status; per-target detail is in
     * {@link TargetReport#stages()}.
     *
     * @param target empty for a pipeline-wide stage; the target name inside a {@link TargetReport}
     */
    public record StageReport(Stage stage, Optional<String> target, StageStatus status, Optional<Instant> startedAt,
                              Optional<Instant> finishedAt, Optional<String> reason) {
        public StageReport {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            Objects.requireNonNull(reason, "reason");
        }

        /** Wall time, when the stage started and finished. */
        public Optional<Duration> duration() {
            return startedAt.isPresent() && finishedAt.isPresent()
                    ? Optional.of(Duration.between(startedAt.get(), finishedAt.get()))
                    : Optional.empty();
        }
    }

    /** One target: its outcome, why, and its deploy and verify stages. */
    public record TargetReport(String name, String type, TargetOutcome outcome, Optional<String> reason,
                               List<StageReport> stages) {
        public TargetReport {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
            stages = List.copyOf(stages);
        }
    }

    /** The first failure that made the run fail. */
    public record Failure(Stage stage, Optional<String> target, PipelineException.Kind kind, String message) {
        public Failure {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Where a cancellation (or the whole-run timeout) stopped the run.
     *
     * @param stage   the stage that was running; empty if the run stopped between stages
     * @param targets the targets whose deploy or verify was running (per-target stages only)
     */
    public record Cancellation(Instant requestedAt, String reason, Optional<Stage> stage, List<String> targets) {
        public Cancellation {
            Objects.requireNonNull(requestedAt, "requestedAt");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(stage, "stage");
            targets = List.copyOf(targets);
        }
    }
}
