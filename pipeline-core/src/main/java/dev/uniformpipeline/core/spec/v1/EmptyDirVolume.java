package dev.uniformpipeline.core.spec.v1;

/**
 * Scratch space for the life of a task/pod.
 *
 * @param sizeLimit maximum size (Kubernetes sizeLimit); null means no limit
 */
public record EmptyDirVolume(@Nullable MemorySize sizeLimit) {
}
