package dev.uniformpipeline.core.api;

/** The build stage failed (building the image). */
public class BuildException extends StageException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        this(Kind.PIPELINE_FAILED, message, null);
    }

    /** @param kind {@link Kind#ENVIRONMENT} when something around the pipeline is at fault (network, credentials) */
    public BuildException(Kind kind, String message, Throwable cause) {
        super(Stage.BUILD, null, kind, message, cause);
    }
}
