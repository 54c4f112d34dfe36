package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.PipelineRun;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.api.Rendering;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.StageNotImplementedException;
import dev.uniformpipeline.core.api.ValidationResult;

import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.ResolvedPipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What {@code UniformPipeline} delegates to: load, then validate, plan, render or run. Internal: the public
 * surface is {@code dev.uniformpipeline.core.api.UniformPipeline}.
 */
public final class Engine {
    private final PipelineLoader loader;
    private final PipelinePlanner planner;
    private final PipelineRenderer renderer;
    private final StageWorks works;
    private final Clock clock;
    private final Duration stopGrace;

    Engine(PipelineLoader loader, PipelinePlanner planner, PipelineRenderer renderer, StageWorks works, Clock clock,
           Duration stopGrace) {
        this.loader = loader;
        this.planner = planner;
        this.renderer = renderer;
        this.works = works;
        this.clock = clock;
        this.stopGrace = stopGrace;
    }

    /** The engine with this build's loader, planner, renderer and stage work. */
    public static Engine standard() {
        return new Engine(new SpecPipelineLoader(), SpecPlanner.perRun(LiveStateReaders::forEnvironment), new SpecRendering(),
                StageWorks.standard(), Clock.systemUTC(), Duration.ofSeconds(30));
    }

    static final PipelinePlanner NOT_IMPLEMENTED_PLANNER = (pipeline, dir, env) -> {
        throw new StageNotImplementedException(Stage.DEPLOY, null, "plan", "the render/plan issue (branch render)");
    };

    static final PipelineRenderer NOT_IMPLEMENTED_RENDERER = (pipeline, dir) -> {
        throw new StageNotImplementedException(Stage.DEPLOY, null, "rendering", "the render issue (branch render)");
    };

    public ValidationResult validate(RunRequest request) throws PipelineException {
        try {
            PipelineDefinition p = load(request);
            return ValidationResult.valid(p.file(), p.name(), p.targets().stream()
                    .map(t -> new ValidationResult.TargetSummary(t.name(), t.type())).toList());
        } catch (InvalidPipelineException e) {
            return ValidationResult.invalid(request.displayFile(), e.problems());
        }
    }

    public Plan plan(RunRequest request) throws PipelineException {
        PipelineDefinition p = load(request);
        return new Plan(Plan.SCHEMA_VERSION, p.name(), p.file(), p.profile(),
                planner.plan(p, request.workingDirectory(), request.environment()));
    }

    public Rendering render(RunRequest request) throws PipelineException {
        PipelineDefinition p = load(request);
        return new Rendering(p.name(), renderer.render(p, request.workingDirectory()));
    }

    /** Loads and checks the pipeline (throwing on problems), then starts the run on its own thread. */
    public PipelineRun start(RunRequest request) throws PipelineException {
        PipelineRunner runner = runner(request);
        RunHandle handle = new RunHandle(runner.runId(), runner);
        handle.startThread();
        return handle;
    }

    PipelineRunner runner(RunRequest request) throws PipelineException {
        PipelineDefinition p = load(request);
        String runId = UUID.randomUUID().toString();
        if (request.start() instanceof RunStart.FromSource) {
            return new PipelineRunner(runId, p, request, works, clock, stopGrace);
        }
        CheckedOut source = withoutCheckout(p, request);
        PushedImage image = request.start() instanceof RunStart.FromImage given ? givenImage(p, source, given) : null;
        return new PipelineRunner(runId, p, request, works, clock, stopGrace, source, image);
    }

    /**
     * A run that starts at deploy checks nothing out: the pipeline's variables are resolved as {@code render}
     * resolves them, against the HEAD of the git work tree holding the pipeline file if there is one, else a
     * placeholder commit (all zeros). Problems (e.g. {@code ${git.tag}} with no tag) are thrown before the run.
     */
    static CheckedOut withoutCheckout(PipelineDefinition p, RunRequest request) throws InvalidPipelineException {
        Path folder = request.pipelineFile().getParent() != null ? request.pipelineFile().getParent()
                : request.workingDirectory();
        GitInfo git = LocalGit.head(folder).orElse(SpecRendering.UNKNOWN_COMMIT);
        Optional<ResolvedPipeline> resolved = p.spec() == null ? Optional.empty() : Optional.of(p.spec().resolve(git));
        return new CheckedOut(new CheckoutResult(folder, git.sha(), Optional.empty(),
                Optional.ofNullable(git.branch()), Optional.ofNullable(git.tag()), Optional.empty(), Optional.empty()),
                resolved);
    }

    /** The image a deploy-only run deploys: the given reference, or the pipeline's repository with the digest. */
    static PushedImage givenImage(PipelineDefinition p, CheckedOut source, RunStart.FromImage given)
            throws InvalidPipelineException {
        if (given.repository().isPresent()) {
            return new PushedImage(given.repository().get(), given.digest(), List.of(), Map.of());
        }
        String repository = source.pipeline()
                .map(r -> SpecRendering.repository(r.spec().image(), r.spec().targets()))
                .orElse(p.image().registry() + "/" + p.image().repository());
        if (repository.contains("<")) {
            throw new InvalidPipelineException(List.of(new Problem(p.file(), 0, 0, "image.ecr.account",
                    "the digest " + given.digest() + " names no repository, and the pipeline's ECR repository is "
                            + repository + " (account or region unknown)",
                    "give the whole reference, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/"
                            + p.image().repository() + "@" + given.digest() + ", or set image.ecr.account and region")));
        }
        return new PushedImage(repository, given.digest(), List.of(), Map.of());
    }

    /** Loads the file and keeps only the requested targets; an unknown target name is an input problem. */
    PipelineDefinition load(RunRequest request) throws PipelineException {
        PipelineDefinition p = loader.load(request);
        if (request.targets().isEmpty()) {
            return p;
        }
        Set<String> wanted = new LinkedHashSet<>(request.targets());
        List<String> known = p.targets().stream().map(PipelineDefinition.TargetRef::name).toList();
        List<Problem> problems = new ArrayList<>();
        for (String name : wanted) {
            if (!known.contains(name)) {
                problems.add(new Problem("--target", 0, 0, "", "unknown target '" + name + "'",
                        known.isEmpty() ? "the pipeline has no targets" : "known targets: " + String.join(", ", known)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        return new PipelineDefinition(p.name(), p.file(), p.profile(), p.source(), p.image(),
                p.targets().stream().filter(t -> wanted.contains(t.name())).toList(), p.spec());
    }
}
