package dev.uniformpipeline.localcloud;

/** How ECS runs task containers. */
public enum RuntimeMode {
    /** Containers are modelled: they "run" on the cloud clock and nothing is executed. */
    SIMULATED,
    /** Containers are really run with podman. */
    PODMAN
}
