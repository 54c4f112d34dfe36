package dev.uniformpipeline.localcloud.ecs.runtime;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** A started container, as the ECS agent sees it. */
public interface ContainerHandle {
    /** The runtime's id for the container (ECS reports it as {@code runtimeId}). */
    String runtimeId();

    /** The host ports actually bound, in the order of {@link ContainerLaunch#ports()} (dynamic ports resolved). */
    List<ContainerLaunch.PortBinding> boundPorts();

    /** Empty while the container runs; its exit code once it has exited. */
    OptionalInt exitCode();

    /**
     * The result of one run of the container's health check command: true when it would pass now.
     * The simulated app passes when it listens and its behaviour is not {@code unhealthy}.
     */
    boolean healthCheckPasses();

    /** Sends SIGTERM and waits up to {@code stopTimeout} (cloud time) before killing; returns the exit code. */
    int stop(Duration stopTimeout);
}
