package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * ECS task networking. Fargate requires {@code awsvpc}; awsvpc needs subnets (at most 16) and allows at
 * most 5 security groups. Not used by eks targets.
 *
 * @param mode           {@code awsvpc}, {@code bridge} or {@code host}; default awsvpc on fargate,
 *                       bridge on ecs-ec2 (awsvpc when subnets are given)
 * @param subnets        subnet ids ({@code subnet-...})
 * @param securityGroups security group ids ({@code sg-...})
 * @param assignPublicIp give tasks a public IP (awsvpc only)
 */
public record NetworkSpec(
        @Nullable NetworkMode mode,
        List<String> subnets,
        List<String> securityGroups,
        @Default("false") Boolean assignPublicIp) {
    public NetworkSpec {
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }

    /** The network mode for a target type, applying the default when none was written. */
    public NetworkMode effectiveMode(TargetType type) {
        if (mode != null) {
            return mode;
        }
        if (type == TargetType.FARGATE || !subnets.isEmpty()) {
            return NetworkMode.AWSVPC;
        }
        return NetworkMode.BRIDGE;
    }
}
