package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.PipelineException;

/** The documented exit codes of {@code pipeline} (docs/cli.md). */
final class ExitCode {
    /** Everything succeeded. */
    static final int OK = 0;
    /** The pipeline ran and failed (a stage failed, a rollout was rolled back, the run was cancelled or timed out). */
    static final int PIPELINE_FAILED = 1;
    /** The input is wrong: pipeline file, template, option or argument (includes usage errors). */
    static final int INVALID_INPUT = 2;
    /** Something around the pipeline is missing or unreachable, or an unexpected internal error. */
    static final int ENVIRONMENT = 3;

    private ExitCode() {
    }

    static int of(PipelineException.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> INVALID_INPUT;
            case PIPELINE_FAILED -> PIPELINE_FAILED;
            case ENVIRONMENT -> ENVIRONMENT;
        };
    }
}
