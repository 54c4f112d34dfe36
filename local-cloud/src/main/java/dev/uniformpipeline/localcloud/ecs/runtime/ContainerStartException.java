package dev.uniformpipeline.localcloud.ecs.runtime;

/** A container could not be started; the message becomes the task's {@code stoppedReason}. */
public final class ContainerStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public ContainerStartException(String message) {
        super(message);
    }

    public ContainerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
