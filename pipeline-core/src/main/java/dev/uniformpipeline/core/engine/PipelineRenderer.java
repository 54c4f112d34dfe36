package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Rendering;

import java.nio.file.Path;
import java.util.List;

/** Renders the service intent for every selected target (ECS task definition and service, Kubernetes objects). */
@FunctionalInterface
public interface PipelineRenderer {
    List<Rendering.RenderedTarget> render(PipelineDefinition pipeline, Path workingDirectory) throws PipelineException;
}
