package dev.uniformpipeline.core.api;

import dev.uniformpipeline.core.engine.Engine;
import dev.uniformpipeline.core.engine.RunRequest;
import dev.uniformpipeline.core.engine.RunStart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point of pipeline-core. Configure with {@link #builder()}, then {@link #validate()}, {@link #plan()},
 * {@link #render()} or {@link #start()} a run:
 *
 * <pre>{@code
 * PipelineRun run = UniformPipeline.builder()
 *         .pipelineFile(Path.of("pipeline.yml"))
 *         .profile("prod")
 *         .set("image.tags[0]", "1.2.3")
 *         .targets("staging")
 *         .eventListener(event -> log(event))
 *         .build()
 *         .start();
 * RunReport report = run.await();
 * }</pre>
 *
 * Deploy an image that was already pushed with {@link Builder#image(String)}; roll one target back with
 * {@link #rollback(String)}.
 *
 * <p>Immutable and reusable: each {@link #start()} is a new run.
 */
public final class UniformPipeline {
    private final RunRequest request;
    private final Engine engine;

    private UniformPipeline(RunRequest request, Engine engine) {
        this.request = request;
        this.engine = engine;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads and checks the pipeline file (templates, variables, profile, selected targets). Problems in the input
     * are returned, all of them, in the result; nothing is contacted.
     *
     * @throws PipelineException for failures that are not problems in the file (e.g. an unreadable template dir)
     */
    public ValidationResult validate() throws PipelineException {
        return engine.validate(request);
    }

    /**
     * What a run would create or change on each selected target. Only reads; never changes anything.
     *
     * @throws InvalidPipelineException if the file has problems
     */
    public Plan plan() throws PipelineException {
        return engine.plan(request);
    }

    /**
     * The documents each selected target's platform would receive (ECS task definition and service, Kubernetes
     * objects), computed locally.
     *
     * @throws InvalidPipelineException if the file has problems
     */
    public Rendering render() throws PipelineException {
        return engine.render(request);
    }

    /**
     * Checks the pipeline, then starts a run on its own thread and returns at once. Failures of the run itself
     * are in the report, not thrown.
     *
     * @throws InvalidPipelineException if the file has problems (nothing is started)
     */
    public PipelineRun start() throws PipelineException {
        return engine.start(request);
    }

    /** {@link #start()} then {@link PipelineRun#await()}. Interrupting the calling thread cancels the run. */
    public RunReport run() throws PipelineException {
        return start().await();
    }

    /**
     * Starts the rollback of one target: its previous revision is put back in service, then verified. Checkout,
     * build and push are reported as {@code skipped} ({@code not needed: rollback of target '<name>'}); the
     * target's deploy stage is the rollback. Like {@link #start()}, returns at once; failures are in the report.
     * The builder's {@link Builder#targets} are ignored: the run acts on {@code target} only.
     *
     * @throws IllegalArgumentException if {@code target} is blank
     * @throws IllegalStateException    if the pipeline was built with {@link Builder#image},
     *                                  {@link Builder#dryRun}{@code (true)} or a {@link Builder#lastStage} before
     *                                  deploy: a rollback takes none of them
     * @throws InvalidPipelineException if the file has problems or has no target of that name
     */
    public PipelineRun rollback(String target) throws PipelineException {
        Objects.requireNonNull(target, "target");
        if (target.isBlank()) {
            throw new IllegalArgumentException("target: name the target to roll back, e.g. rollback(\"staging\")");
        }
        if (request.start() instanceof RunStart.FromImage image) {
            throw new IllegalStateException("rollback(\"" + target + "\") puts the target's previous revision back;"
                    + " it takes no image, but image(" + image.reference() + ") was set: build without it");
        }
        if (request.dryRun()) {
            throw new IllegalStateException("rollback(\"" + target + "\") changes the target; dryRun(true) changes"
                    + " nothing, so there is nothing to run: build without dryRun");
        }
        if (!request.lastStage().perTarget()) {
            throw new IllegalStateException("rollback(\"" + target + "\") is a deploy, but lastStage("
                    + request.lastStage().id() + ") stops the run before deploy: build without it");
        }
        return engine.start(request.startingAs(new RunStart.Rollback(target.strip()), List.of(target.strip())));
    }

    /** Collects the settings of a {@link UniformPipeline}. Not thread-safe; {@link #build()} copies everything. */
    public static final class Builder {
        private Path pipelineFile;
        private Path workingDirectory;
        private String profile;
        private final Map<String, String> sets = new LinkedHashMap<>();
        private final List<String> targets = new ArrayList<>();
        private Map<String, String> environment;
        private final List<PipelineEventListener> listeners = new ArrayList<>();
        private boolean dryRun;
        private final Map<Stage, Duration> stageTimeouts = new EnumMap<>(Stage.class);
        private Duration runTimeout;
        private Stage lastStage = Stage.VERIFY;
        private RunStart start = RunStart.fromSource();

        private Builder() {
        }

        /** The pipeline file. Required. A relative path is resolved against {@link #workingDirectory}. */
        public Builder pipelineFile(Path file) {
            this.pipelineFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Where relative paths (file, source {@code git: "."}) are resolved. Default: the process's cwd. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** The environment profile of the pipeline file to apply (e.g. {@code prod}). Default: none. */
        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** Overrides one value of the pipeline file, by dotted path ({@code service.replicas}). Repeatable. */
        public Builder set(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            sets.put(key, value);
            return this;
        }

        /** Only these targets (by name). Default: all targets of the file. */
        public Builder targets(Collection<String> names) {
            names.forEach(n -> targets.add(Objects.requireNonNull(n, "target name")));
            return this;
        }

        public Builder targets(String... names) {
            return targets(List.of(names));
        }

        /** The variables {@code ${env.X}} resolves against. Default: the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Receives the run's events. Repeatable. */
        public Builder eventListener(PipelineEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Check out and build, but push and deploy nothing. Default: false. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Overrides a stage's timeout (deploy and verify: per target). */
        public Builder stageTimeout(Stage stage, Duration timeout) {
            requirePositive(timeout);
            stageTimeouts.put(Objects.requireNonNull(stage, "stage"), timeout);
            return this;
        }

        /** Stops the whole run after this long; the report's status is then {@code timed_out}. Default: none. */
        public Builder runTimeout(Duration timeout) {
            requirePositive(timeout);
            this.runTimeout = timeout;
            return this;
        }

        /**
         * Runs the recipe only up to and including {@code stage} (e.g. {@link Stage#PUSH}: check out, build and
         * push an image, deploy nothing). Later stages are reported as {@code skipped} with the reason
         * {@code not requested: the run stops after <stage>}, selected targets as {@code not_run}; the run succeeds
         * if every requested stage succeeded. Default: {@link Stage#VERIFY}, the whole recipe.
         */
        public Builder lastStage(Stage stage) {
            this.lastStage = Objects.requireNonNull(stage, "stage");
            return this;
        }

        /**
         * Deploys an image that is already in a registry instead of building one: the run starts at deploy with
         * this digest, and checkout, build and push are reported as {@code skipped} ({@code not needed: deploying
         * the given image <reference>}); the report's {@code image} is this image. Takes
         * {@code <registry>/<repository>@sha256:<64 hex>} or a bare {@code sha256:<64 hex>} (the repository is then
         * the pipeline file's {@code image} settings). A tag is refused: it can name another image tomorrow.
         *
         * @throws IllegalArgumentException if {@code reference} is not a digest reference (the message says why)
         */
        public Builder image(String reference) {
            this.start = RunStart.FromImage.parse(reference);
            return this;
        }

        public UniformPipeline build() {
            if (pipelineFile == null) {
                throw new IllegalStateException("pipelineFile is required");
            }
            if (start instanceof RunStart.FromImage image && dryRun) {
                throw new IllegalStateException("image(" + image.reference() + ") with dryRun(true): a run that"
                        + " deploys a given image does nothing else, so a dry run would do nothing; drop one of them");
            }
            if (start instanceof RunStart.FromImage image && !lastStage.perTarget()) {
                throw new IllegalStateException("image(" + image.reference() + ") with lastStage("
                        + lastStage.id() + "): the run starts at deploy, so it cannot stop before it; drop one of them");
            }
            Path cwd = workingDirectory != null ? workingDirectory : Path.of("").toAbsolutePath();
            Path file = cwd.resolve(pipelineFile).normalize();
            RunRequest request = new RunRequest(file, pipelineFile.toString(), cwd, Optional.ofNullable(profile),
                    sets, targets, environment != null ? environment : System.getenv(), dryRun, listeners,
                    stageTimeouts, Optional.ofNullable(runTimeout), lastStage, start);
            return new UniformPipeline(request, Engine.standard());
        }

        private static void requirePositive(Duration d) {
            Objects.requireNonNull(d, "timeout");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("a timeout must be positive, got " + d);
            }
        }
    }
}
