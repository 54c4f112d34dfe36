package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Rendering;

/** Renders the service intent for one target (ECS task definition and service, Kubernetes objects). */
@FunctionalInterface
public interface TargetRenderer {
    Rendering.RenderedTarget render(PipelineDefinition pipeline, PipelineDefinition.TargetRef target)
            throws PipelineException;
}
