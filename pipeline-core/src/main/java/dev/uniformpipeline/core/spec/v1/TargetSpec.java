package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Where the service runs. Targets deploy the same image digest with the same health gate and rollback rule.
 *
 * @param name              target name, unique: lower-case letters, digits and '-'; available as {@code ${target.name}}
 * @param type              {@code ecs-ec2}, {@code fargate} or {@code eks}
 * @param region            AWS region, e.g. {@code eu-west-1}
 * @param account           12-digit AWS account id; checked against the assumed role's account
 * @param role              IAM role ARN to assume for this target (cross-account deploys)
 * @param cluster           ECS cluster name or EKS cluster name
 * @param serviceName       ECS service / Kubernetes Deployment name; default the pipeline name
 * @param capacityProvider  one capacity provider (shorthand for a single-item {@code capacityProviders})
 * @param capacityProviders capacity provider strategy (ECS; up to 6 items, one with {@code base})
 * @param platformVersion   Fargate platform version, e.g. {@code LATEST} or {@code 1.4.0}
 * @param network           ECS network configuration
 * @param loadBalancer      load balancer the service registers with; null for none
 * @param namespace         Kubernetes namespace (eks), default {@code default}
 * @param serviceAccount    Kubernetes service account (eks); default the service name
 * @param service           the effective service: the top-level {@code service} merged with this target's
 *                          {@code service:} overrides
 */
public record TargetSpec(
        @Required String name,
        @Required TargetType type,
        @Required String region,
        @Nullable String account,
        @Nullable String role,
        @Required String cluster,
        @Nullable String serviceName,
        @Nullable String capacityProvider,
        List<CapacityProviderItem> capacityProviders,
        @Nullable String platformVersion,
        NetworkSpec network,
        @Nullable LoadBalancerSpec loadBalancer,
        @Nullable String namespace,
        @Nullable String serviceAccount,
        ServiceSpec service) {
    public TargetSpec {
        capacityProviders = capacityProviders == null ? List.of() : List.copyOf(capacityProviders);
    }

    /** The capacity provider strategy: {@code capacityProviders}, or the single {@code capacityProvider}. */
    public List<CapacityProviderItem> capacityProviderStrategy() {
        if (!capacityProviders.isEmpty() || capacityProvider == null) {
            return capacityProviders;
        }
        return List.of(new CapacityProviderItem(capacityProvider, 0, 1));
    }
}
