package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Plan;

import java.nio.file.Path;
import java.util.List;

/** Computes, without changing anything, what a deploy to each selected target would create or change. */
@FunctionalInterface
public interface PipelinePlanner {
    List<Plan.TargetPlan> plan(PipelineDefinition pipeline, Path workingDirectory) throws PipelineException;
}
