package dev.uniformpipeline.localcloud.ecs.runtime;

/**
 * What runs a task's containers. ECS's control plane decides when a container starts and stops; the runtime
 * makes it happen (in-process simulation or a real podman container) and reports back what it does.
 */
public interface TaskRuntime {
    /** {@code simulated} or {@code podman}. */
    String mode(ContainerLaunch launch);

    /**
     * Starts one container. Never blocks for long: a container that fails later reports it through
     * {@link ContainerHandle#exitCode()}.
     */
    ContainerHandle start(ContainerLaunch launch) throws ContainerStartException;

    /** Releases threads and processes the runtime owns. */
    default void close() {
    }
}
