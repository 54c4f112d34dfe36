package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;

/**
 * Reads, validates and adapts the pipeline file. Throws {@link dev.uniformpipeline.core.api.InvalidPipelineException}
 * with every problem found.
 */
@FunctionalInterface
public interface PipelineLoader {
    PipelineDefinition load(RunRequest request) throws PipelineException;
}
