package dev.uniformpipeline.core.deploy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.deploy.ecs.EcsRenderer;
import dev.uniformpipeline.core.deploy.eks.EksRenderer;
import dev.uniformpipeline.core.spec.Origin;
import dev.uniformpipeline.core.spec.ResolvedPipeline;
import dev.uniformpipeline.core.spec.ResolvedTarget;

/**
 * Entry point of {@code pipeline render} and {@code pipeline plan}: renders the one service intent to every
 * target. Pure: no network calls, same input, same text.
 *
 * <pre>{@code
 * List<RenderedTarget> out = Renderer.standard().renderAll(service, rollout, targets, image, gitSha, "pipeline.yaml");
 * out.get(0).documents();   // "ecs/register-task-definition.json" -> JSON text, ...
 * }</pre>
 *
 * Every problem of every target is reported at once, each naming its field.
 */
public final class Renderer {
    private final Map<TargetType, TargetRenderer> renderers;

    private Renderer(Map<TargetType, TargetRenderer> renderers) {
        this.renderers = new EnumMap<>(renderers);
    }

    /** The renderers for every target type. A new target type is one more line here. */
    public static Renderer standard() {
        Map<TargetType, TargetRenderer> m = new EnumMap<>(TargetType.class);
        EcsRenderer ecs = new EcsRenderer();
        m.put(TargetType.FARGATE, ecs);
        m.put(TargetType.ECS_EC2, ecs);
        m.put(TargetType.EKS, new EksRenderer());
        return new Renderer(m);
    }

    /** Renders one target. */
    public RenderedTarget render(RenderInput input) throws InvalidPipelineException {
        List<Problem> problems = problems(input);
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        return renderer(input.target().type()).render(input);
    }

    /** Renders every target of the pipeline, in the given order, after validating all of them. */
    public List<RenderedTarget> renderAll(ServiceIntent service, RolloutIntent rollout, List<DeployTarget> targets,
                                          ImageRef image, String gitRevision, String sourceFile)
            throws InvalidPipelineException {
        List<RenderInput> inputs = targets.stream()
                .map(t -> new RenderInput(service, rollout, t, image, gitRevision, sourceFile)).toList();
        List<Problem> problems = new ArrayList<>();
        boolean first = true;
        for (RenderInput in : inputs) {
            List<Problem> all = problems(in);
            // the intent's own problems are the same for every target: report them once
            List<Problem> common = IntentValidator.validate(in);
            for (Problem p : all) {
                if (first || !common.contains(p)) {
                    problems.add(p);
                }
            }
            first = false;
        }
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        List<RenderedTarget> out = new ArrayList<>();
        for (RenderInput in : inputs) {
            out.add(renderer(in.target().type()).render(in));
        }
        return out;
    }

    /**
     * Renders every target of a resolved pipeline file: the entry point for {@code pipeline render}/{@code plan}.
     *
     * @param pipeline    the resolved pipeline ({@code LoadedPipeline.resolve(git)})
     * @param image       the pushed image (by digest)
     * @param gitRevision the commit, or null
     * @param sourceFile  the pipeline file name, for problems
     * @param origins     where each field path came from ({@code LoadedPipeline::origin}), or null
     * @throws InvalidPipelineException every problem of every target, each with its field path (and file:line
     *                                  when {@code origins} knows it)
     */
    public List<RenderedTarget> render(ResolvedPipeline pipeline, ImageRef image, String gitRevision, String sourceFile,
                                       Function<String, Optional<Origin>> origins) throws InvalidPipelineException {
        List<Problem> problems = new ArrayList<>();
        List<RenderInput> inputs = new ArrayList<>();
        for (int i = 0; i < pipeline.targets().size(); i++) {
            ResolvedTarget rt = pipeline.targets().get(i);
            SpecIntents.Adapted a = SpecIntents.adapt(rt, i, image, gitRevision, sourceFile);
            List<Problem> found = new ArrayList<>(a.problems());
            found.addAll(problems(a.input()));
            for (Problem p : found) {
                Problem located = SpecIntents.locate(p, rt.name(), i, origins);
                if (!problems.contains(located)) {
                    problems.add(located);
                }
            }
            inputs.add(a.input());
        }
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(problems);
        }
        List<RenderedTarget> out = new ArrayList<>();
        for (RenderInput in : inputs) {
            out.add(renderer(in.target().type()).render(in));
        }
        return out;
    }

    /** Every problem with this input: the intent's and the target's. */
    public List<Problem> problems(RenderInput input) {
        List<Problem> problems = new ArrayList<>(IntentValidator.validate(input));
        problems.addAll(renderer(input.target().type()).validate(input));
        return problems;
    }

    private TargetRenderer renderer(TargetType type) {
        TargetRenderer r = renderers.get(type);
        if (r == null) {
            throw new IllegalStateException("no renderer for target type " + type.key());
        }
        return r;
    }
}
