package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.EnvironmentException;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.deploy.plan.CurrentState;
import dev.uniformpipeline.core.deploy.plan.LiveStateException;
import dev.uniformpipeline.core.deploy.plan.PlanDiff;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code plan}: renders each selected target (as {@code render} does), reads the target's live state with a
 * {@link LiveStateReader} and diffs the two ({@link PlanDiff}). Nothing is changed.
 */
final class SpecPlanner implements PipelinePlanner {
    private final Function<Map<String, String>, LiveStateReader> readers;

    private SpecPlanner(Function<Map<String, String>, LiveStateReader> readers, boolean perRun) {
        this.readers = readers;
    }

    /** One reader whatever the environment (tests). */
    SpecPlanner(LiveStateReader reader) {
        this.readers = env -> reader;
    }

    /** Readers configured from each run's environment map, e.g. {@link LiveStateReaders#forEnvironment}. */
    static SpecPlanner perRun(Function<Map<String, String>, LiveStateReader> readers) {
        return new SpecPlanner(readers, true);
    }

    @Override
    public List<Plan.TargetPlan> plan(PipelineDefinition pipeline, Path workingDirectory, Map<String, String> env)
            throws PipelineException {
        LiveStateReader reader = readers.apply(env);
        List<Plan.TargetPlan> out = new ArrayList<>();
        for (SpecRendering.Rendered r : SpecRendering.renderDeploy(pipeline, workingDirectory)) {
            CurrentState state = reader.read(r.target());
            try {
                out.add(DeployConversions.plan(PlanDiff.plan(r.rendered(), state)));
            } catch (LiveStateException e) {
                throw new EnvironmentException(e.getMessage(), e);
            } finally {
                if (state instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // closing a read-only client; nothing to undo
                    }
                }
            }
        }
        return out;
    }
}
