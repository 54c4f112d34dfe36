package dev.uniformpipeline.localcloud.ecs;

import java.time.Duration;

/**
 * How long (cloud time) each phase of a task takes in local ECS. Defaults are close to Fargate's typical
 * figures scaled down a little; every value scales with the clock factor.
 *
 * @param provisioning        PROVISIONING (ENI creation; awsvpc only, otherwise skipped)
 * @param pending             PENDING (agent, resources)
 * @param activating          ACTIVATING (image pull, container creation, target registration)
 * @param deprovisioning      DEPROVISIONING (ENI detach; awsvpc only)
 * @param noLoadBalancerHealthyAfter how long a RUNNING task without load balancer or health check must run
 *                            before the scheduler counts it healthy (AWS: 40 s)
 * @param stoppedRetention    how long STOPPED tasks stay describable (AWS: at least 1 h)
 * @param inactiveServiceRetention how long INACTIVE services stay describable
 * @param schedulerTick       cloud time between scheduler passes
 */
public record EcsTimings(Duration provisioning, Duration pending, Duration activating, Duration deprovisioning,
        Duration noLoadBalancerHealthyAfter, Duration stoppedRetention, Duration inactiveServiceRetention,
        Duration schedulerTick) {

    public static EcsTimings defaults() {
        return new EcsTimings(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(8),
                Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofMinutes(65), Duration.ofHours(1),
                Duration.ofSeconds(1));
    }
}
