package dev.uniformpipeline.core.api;

/**
 * Root of everything pipeline-core throws on purpose. Each subtype says which kind of failure it is,
 * so the edges can map it to an exit code and one clear message without inspecting text.
 */
public abstract class PipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    protected PipelineException(String message) {
        super(message);
    }

    protected PipelineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of failure, for exit codes and report outcomes. */
    public abstract Kind kind();

    /** What went wrong, broadly. */
    public enum Kind {
        /** The pipeline file, a template, an option or an argument is wrong: the user fixes the input. */
        INVALID_INPUT,
        /** A stage ran and failed (build broke, rollout failed and was rolled back, ...). */
        PIPELINE_FAILED,
        /** Something around the pipeline is missing or unreachable: credentials, network, a tool. */
        ENVIRONMENT
    }
}
