package dev.uniformpipeline.core.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One resolved entry of {@code targets}.
 *
 * @param name              target name (unique in the pipeline file)
 * @param type              fargate, ecs-ec2 or eks
 * @param region            AWS region
 * @param cluster           ECS cluster or EKS cluster name
 * @param namespace         Kubernetes namespace (eks); null means {@code default}
 * @param capacityProviders ECS capacity provider strategy; empty means launch type
 * @param platformVersion   Fargate platform version, or null for LATEST
 * @param network           task networking
 * @param loadBalancer      load balancer wiring, or null
 */
public record DeployTarget(String name, TargetType type, String region, String cluster, String namespace,
                           List<CapacityProvider> capacityProviders, String platformVersion, Network network,
                           LoadBalancer loadBalancer) {

    public DeployTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        capacityProviders = capacityProviders == null ? List.of() : List.copyOf(capacityProviders);
        network = network == null ? new Network(null, List.of(), List.of(), false) : network;
        namespace = namespace == null ? "default" : namespace;
    }

    /** ECS network modes. */
    public enum NetworkMode {
        AWSVPC("awsvpc"), BRIDGE("bridge"), HOST("host");

        private final String key;

        NetworkMode(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * @param mode           ECS network mode; null means awsvpc (Fargate only accepts awsvpc)
     * @param subnets        awsvpc subnets
     * @param securityGroups awsvpc security groups
     * @param assignPublicIp give tasks a public IP (Fargate in public subnets)
     */
    public record Network(NetworkMode mode, List<String> subnets, List<String> securityGroups,
                          boolean assignPublicIp) {
        public Network {
            subnets = subnets == null ? List.of() : List.copyOf(subnets);
            securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        }

        public NetworkMode effectiveMode() {
            return mode == null ? NetworkMode.AWSVPC : mode;
        }
    }

    /** One item of an ECS capacity provider strategy. */
    public record CapacityProvider(String name, int base, int weight) {
        public CapacityProvider {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Load balancer wiring. Either an existing target group ({@code targetGroupArn}), or a listener rule the
     * deployer creates together with a target group ({@code listenerArn} + {@code pathPattern}/{@code hostHeader}).
     *
     * @param targetGroupArn      existing target group
     * @param listenerArn         listener to add a rule to
     * @param pathPattern         rule path pattern
     * @param hostHeader          rule host header
     * @param priority            rule priority (1-50000), or null for the deployer to choose
     * @param vpcId               VPC for a new target group
     * @param deregistrationDelay target group deregistration delay; null means 30 s (ELB's default is 300 s,
     *                            which silently eats the rollout timeout)
     * @param network             a Network Load Balancer (TCP target group, still checked over HTTP on the path)
     */
    public record LoadBalancer(String targetGroupArn, String listenerArn, String pathPattern, String hostHeader,
                               Integer priority, String vpcId, Duration deregistrationDelay, boolean network) {
        public static final Duration DEFAULT_DEREGISTRATION_DELAY = Duration.ofSeconds(30);

        public LoadBalancer {
            deregistrationDelay = deregistrationDelay == null ? DEFAULT_DEREGISTRATION_DELAY : deregistrationDelay;
        }

        public LoadBalancer(String targetGroupArn, String listenerArn, String pathPattern, String hostHeader,
                            Integer priority, String vpcId, Duration deregistrationDelay) {
            this(targetGroupArn, listenerArn, pathPattern, hostHeader, priority, vpcId, deregistrationDelay, false);
        }

        public static LoadBalancer existing(String targetGroupArn) {
            return new LoadBalancer(targetGroupArn, null, null, null, null, null, null);
        }

        public static LoadBalancer rule(String listenerArn, String pathPattern, String vpcId) {
            return new LoadBalancer(null, listenerArn, pathPattern, null, null, vpcId, null);
        }

        public LoadBalancer withDeregistrationDelay(Duration d) {
            return new LoadBalancer(targetGroupArn, listenerArn, pathPattern, hostHeader, priority, vpcId, d, network);
        }
    }

    public static Builder builder(String name, TargetType type) {
        return new Builder(name, type);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.region = region;
        b.cluster = cluster;
        b.namespace = namespace;
        b.capacityProviders.addAll(capacityProviders);
        b.platformVersion = platformVersion;
        b.network = network;
        b.loadBalancer = loadBalancer;
        return b;
    }

    /** Builder for {@link DeployTarget}. */
    public static final class Builder {
        private final String name;
        private TargetType type;
        private String region = "us-east-1";
        private String cluster;
        private String namespace;
        private final List<CapacityProvider> capacityProviders = new ArrayList<>();
        private String platformVersion;
        private Network network;
        private LoadBalancer loadBalancer;

        private Builder(String name, TargetType type) {
            this.name = name;
            this.type = type;
        }

        public Builder type(TargetType v) { type = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder cluster(String v) { cluster = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder capacityProvider(String provider, int base, int weight) {
            capacityProviders.add(new CapacityProvider(provider, base, weight));
            return this;
        }
        public Builder capacityProviders(List<CapacityProvider> v) {
            capacityProviders.clear();
            capacityProviders.addAll(v);
            return this;
        }
        public Builder platformVersion(String v) { platformVersion = v; return this; }
        public Builder network(Network v) { network = v; return this; }
        public Builder awsvpc(List<String> subnets, List<String> securityGroups) {
            network = new Network(NetworkMode.AWSVPC, subnets, securityGroups, false);
            return this;
        }
        public Builder loadBalancer(LoadBalancer v) { loadBalancer = v; return this; }

        public DeployTarget build() {
            return new DeployTarget(name, type, region, cluster == null ? name : cluster, namespace,
                    capacityProviders, platformVersion, network, loadBalancer);
        }
    }
}
