package dev.uniformpipeline.core.spec.v1;

/**
 * A directory of the host (ecs-ec2 instance or EKS node). Not available on Fargate.
 *
 * @param path absolute path on the host
 */
public record HostVolume(@Required String path) {
}
