package dev.uniformpipeline.core.spec.v1;

import java.time.Duration;

/**
 * Target-tracking autoscaling (Application Auto Scaling on ECS, HorizontalPodAutoscaler on EKS). At least
 * one of the targets is set.
 *
 * @param min               minimum tasks/pods (0 allowed on ECS)
 * @param max               maximum tasks/pods, at least {@code min}
 * @param cpuPercent        average CPU utilization to hold (1-100)
 * @param memoryPercent     average memory utilization to hold (1-100)
 * @param requestsPerTarget ALB requests per target to hold (needs an ALB)
 * @param scaleInCooldown   wait after a scale-in
 * @param scaleOutCooldown  wait after a scale-out
 */
public record AutoscalingSpec(
        @Required Integer min,
        @Required Integer max,
        @Nullable Integer cpuPercent,
        @Nullable Integer memoryPercent,
        @Nullable Integer requestsPerTarget,
        @Default("300s") Duration scaleInCooldown,
        @Default("300s") Duration scaleOutCooldown) {
}
