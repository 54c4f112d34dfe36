package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Plan;

/** Computes, without changing anything, what a deploy to one target would create or change. */
@FunctionalInterface
public interface TargetPlanner {
    Plan.TargetPlan plan(PipelineDefinition pipeline, PipelineDefinition.TargetRef target) throws PipelineException;
}
