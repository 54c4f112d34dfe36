package dev.uniformpipeline.core.deploy.plan;

/**
 * A {@link CurrentState} could not read the live state (cluster missing, endpoint unreachable, no credentials).
 * Unchecked because {@link CurrentState#find} is; the engine turns it into an {@code EnvironmentException} whose
 * message is this one (it names what is missing and the fix).
 */
public final class LiveStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LiveStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
