package dev.uniformpipeline.core.spec.v1;

/**
 * IAM roles. On EKS the task role becomes the service account's IRSA annotation.
 *
 * @param taskRole      role ARN the application's AWS calls use
 * @param executionRole role ARN ECS uses to pull the image, read secrets and write logs (ECS only)
 */
public record IamSpec(
        @Nullable String taskRole,
        @Nullable String executionRole) {
}
