package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.EnvironmentException;
import dev.uniformpipeline.core.api.PipelineException;

/** Adapts the spec package's loader and model to {@link PipelineDefinition}. */
final class SpecPipelineLoader implements PipelineLoader {
    @Override
    public PipelineDefinition load(RunRequest request) throws PipelineException {
        throw new EnvironmentException("not implemented yet: pipeline file loader (package "
                + "dev.uniformpipeline.core.spec), see the pipeline-file issue (branch spec)");
    }
}
