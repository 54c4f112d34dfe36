package dev.uniformpipeline.core.api;

/** The deploy stage failed for one target (rolling out to a target). */
public class DeployException extends StageException {
    private static final long serialVersionUID = 1L;

    public DeployException(String target, String message) {
        this(target, Kind.PIPELINE_FAILED, message, null);
    }

    /** @param kind {@link Kind#ENVIRONMENT} when something around the pipeline is at fault (network, credentials) */
    public DeployException(String target, Kind kind, String message, Throwable cause) {
        super(Stage.DEPLOY, target, kind, message, cause);
    }
}
