package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.deploy.plan.CurrentState;
import dev.uniformpipeline.core.spec.ResolvedTarget;

/**
 * Reads what exists now on one target (Describe calls for ECS/ELB/Logs, GETs for Kubernetes) for the plan. Only
 * reads: an implementation must never call anything that changes the target.
 */
@FunctionalInterface
public interface LiveStateReader {
    CurrentState read(ResolvedTarget target) throws PipelineException;
}
