package dev.uniformpipeline.core.api;

/** The push stage failed (pushing the image). */
public class PushException extends StageException {
    private static final long serialVersionUID = 1L;

    public PushException(String message) {
        this(Kind.PIPELINE_FAILED, message, null);
    }

    /** @param kind {@link Kind#ENVIRONMENT} when something around the pipeline is at fault (network, credentials) */
    public PushException(Kind kind, String message, Throwable cause) {
        super(Stage.PUSH, null, kind, message, cause);
    }
}
