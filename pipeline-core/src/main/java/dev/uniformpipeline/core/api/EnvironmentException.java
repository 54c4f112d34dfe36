package dev.uniformpipeline.core.api;

/**
 * Something around the pipeline is missing or unreachable (credentials, network, a tool, a directory that
 * cannot be written), outside any one stage. The message names what is missing and how to provide it.
 */
public class EnvironmentException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public EnvironmentException(String message) {
        super(message);
    }

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.ENVIRONMENT;
    }
}
