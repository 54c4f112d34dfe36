package dev.uniformpipeline.localcloud.spi;

import java.util.Optional;

/**
 * ELBv2 as seen by ECS and the EKS controller: register and deregister targets, read their health.
 * Targets are addressed by id (an IP for target type {@code ip}, an instance id for {@code instance})
 * and port, as in {@code RegisterTargets}.
 */
public interface TargetRegistry {
    void register(String targetGroupArn, String targetId, int port) throws AwsException;

    /** Starts draining; the target leaves after the group's deregistration delay. */
    void deregister(String targetGroupArn, String targetId, int port) throws AwsException;

    /** The target's current state as DescribeTargetHealth reports it. */
    TargetHealth health(String targetGroupArn, String targetId, int port) throws AwsException;

    Optional<TargetGroupInfo> targetGroup(String targetGroupArn);

    /** {@code state} is initial|healthy|unhealthy|unused|draining|unavailable; reason and description may be null. */
    record TargetHealth(String state, String reason, String description) {
    }

    /** What ECS needs to know about a target group. */
    record TargetGroupInfo(String arn, String name, String targetType, int port, String healthCheckPath,
            int deregistrationDelaySeconds, boolean attachedToLoadBalancer) {
    }
}
