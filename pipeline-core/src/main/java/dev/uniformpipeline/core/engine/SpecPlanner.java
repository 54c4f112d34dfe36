package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.StageNotImplementedException;
import dev.uniformpipeline.core.deploy.plan.PlanDiff;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code plan}: renders each selected target (as {@code render} does), reads the target's live state with a
 * {@link LiveStateReader} and diffs the two ({@link PlanDiff}). Nothing is changed.
 */
final class SpecPlanner implements PipelinePlanner {
    /** This build has no live-state readers yet (the AWS and Kubernetes clients come with the deploy issue). */
    static final LiveStateReader NOT_IMPLEMENTED = target -> {
        throw new StageNotImplementedException(Stage.DEPLOY, target.name(),
                "plan for " + target.type().yaml() + " target '" + target.name() + "' (reading its live state: "
                        + (target.type().yaml().equals("eks") ? "Kubernetes GETs" : "ECS/ELB/Logs Describe calls")
                        + ", package dev.uniformpipeline.core.deploy)", "the ECS/EKS rollout issue");
    };

    private final LiveStateReader reader;

    SpecPlanner(LiveStateReader reader) {
        this.reader = reader;
    }

    @Override
    public List<Plan.TargetPlan> plan(PipelineDefinition pipeline, Path workingDirectory) throws PipelineException {
        List<Plan.TargetPlan> out = new ArrayList<>();
        for (SpecRendering.Rendered r : SpecRendering.renderDeploy(pipeline, workingDirectory)) {
            out.add(DeployConversions.plan(PlanDiff.plan(r.rendered(), reader.read(r.target()))));
        }
        return out;
    }
}
