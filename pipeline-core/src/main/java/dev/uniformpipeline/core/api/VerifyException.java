package dev.uniformpipeline.core.api;

/** The verify stage failed for one target (the rollout verdict for a target was negative). */
public class VerifyException extends StageException {
    private static final long serialVersionUID = 1L;

    private final boolean rolledBack;

    /** @param rolledBack true if the previous version was restored (the target's outcome is then rolled_back) */
    public VerifyException(String target, boolean rolledBack, String message) {
        this(target, rolledBack, Kind.PIPELINE_FAILED, message, null);
    }

    /** @param kind {@link Kind#ENVIRONMENT} when something around the pipeline is at fault (network, credentials) */
    public VerifyException(String target, boolean rolledBack, Kind kind, String message, Throwable cause) {
        super(Stage.VERIFY, target, kind, message, cause);
        this.rolledBack = rolledBack;
    }

    /** True if the rollout was rolled back to the previous version. A rollback is never a success. */
    public boolean rolledBack() {
        return rolledBack;
    }
}
