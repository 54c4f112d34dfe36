package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Computes, without changing anything, what a deploy to each selected target would create or change. */
@FunctionalInterface
public interface PipelinePlanner {
    /** {@code environment}: the run's environment map (AWS endpoint, keys, KUBECONFIG, ...). */
    List<Plan.TargetPlan> plan(PipelineDefinition pipeline, Path workingDirectory, Map<String, String> environment)
            throws PipelineException;
}
