package dev.uniformpipeline.core.deploy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.deploy.DeployTarget.CapacityProvider;
import dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer;
import dev.uniformpipeline.core.deploy.DeployTarget.Network;
import dev.uniformpipeline.core.deploy.DeployTarget.NetworkMode;
import dev.uniformpipeline.core.deploy.ServiceIntent.Autoscaling;
import dev.uniformpipeline.core.deploy.ServiceIntent.EfsVolume;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.ServiceIntent.Iam;
import dev.uniformpipeline.core.deploy.ServiceIntent.LogDriver;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Sidecar;
import dev.uniformpipeline.core.deploy.ServiceIntent.Splunk;
import dev.uniformpipeline.core.spec.Origin;
import dev.uniformpipeline.core.spec.ResolvedTarget;
import dev.uniformpipeline.core.spec.v1.AutoscalingSpec;
import dev.uniformpipeline.core.spec.v1.CountOrPercent;
import dev.uniformpipeline.core.spec.v1.FirelensType;
import dev.uniformpipeline.core.spec.v1.HealthCheckSpec;
import dev.uniformpipeline.core.spec.v1.LoadBalancerSpec;
import dev.uniformpipeline.core.spec.v1.LoadBalancerType;
import dev.uniformpipeline.core.spec.v1.LoggingSpec;
import dev.uniformpipeline.core.spec.v1.RollbackMode;
import dev.uniformpipeline.core.spec.v1.RolloutSpec;
import dev.uniformpipeline.core.spec.v1.RolloutStrategy;
import dev.uniformpipeline.core.spec.v1.SecretRef;
import dev.uniformpipeline.core.spec.v1.ServiceSpec;
import dev.uniformpipeline.core.spec.v1.SidecarSpec;
import dev.uniformpipeline.core.spec.v1.TargetSpec;
import dev.uniformpipeline.core.spec.v1.VolumeSpec;

/**
 * Turns the pipeline-file model ({@code spec} package) into the renderers' input. Everything the file can say
 * that cannot (yet) be rendered identically to every target type becomes a {@link Problem} naming the field,
 * instead of being silently dropped. Problem paths are pipeline-file paths ({@code targets[1].service.cpu},
 * {@code rollout.maxSurge}), with file:line:col when an origin locator is given.
 */
public final class SpecIntents {
    /** Default deregistration delay when {@code rollout.deregistrationDelay} is not set (ELB's own default is 300 s). */
    public static final java.time.Duration DEFAULT_DEREGISTRATION_DELAY = LoadBalancer.DEFAULT_DEREGISTRATION_DELAY;

    private SpecIntents() {
    }

    /**
     * The adapted input, or the problems found while adapting.
     *
     * @param input    the input; only usable when {@code problems} is empty
     * @param problems what could not be adapted
     */
    public record Adapted(RenderInput input, List<Problem> problems) {
    }

    /**
     * Adapts one resolved target.
     *
     * @param rt          the resolved target (its effective service, the rollout)
     * @param index       the target's index in {@code targets}, for problem paths
     * @param image       the pushed image
     * @param gitRevision the commit, or null
     * @param sourceFile  the pipeline file name
     */
    public static Adapted adapt(ResolvedTarget rt, int index, ImageRef image, String gitRevision, String sourceFile) {
        Problems p = new Problems(sourceFile);
        String tp = "targets[" + index + "].";
        TargetSpec t = rt.target();
        ServiceSpec s = rt.service();
        ServiceIntent service = service(rt, s, p, tp);
        RolloutIntent rollout = rollout(rt.rollout(), p);
        DeployTarget target = target(rt, t, s, p, tp);
        // Always return an input (with stand-in values where the file could not be adapted), so the renderers'
        // own checks run too and every problem is reported at once.
        return new Adapted(new RenderInput(service, rollout, target, image, gitRevision, sourceFile), p.list());
    }

    /**
     * Rewrites a renderer problem path ({@code service.cpu}, {@code targets.<name>.cluster}) to the pipeline-file
     * path of target {@code index} and attaches the origin the locator knows (target override first, then the
     * top-level section).
     */
    public static Problem locate(Problem problem, String targetName, int index, Function<String, Optional<Origin>> origins) {
        String path = problem.path();
        String tp = "targets[" + index + "].";
        String prefix = "targets." + targetName + ".";
        if (path.startsWith(prefix)) {
            path = tp + path.substring(prefix.length());
        }
        path = path.replace("loadBalancer.deregistrationDelay", "rollout.deregistrationDelay")
                .replace("healthCheck.successCodes", "healthCheck.matcher")
                .replaceAll("(service\\.volumes\\[\\d+\\]\\.)(fileSystemId|rootDirectory|accessPointId|iam|transitEncryption)", "$1efs.$2");
        if (path.startsWith(tp + "rollout.")) {
            path = path.substring(tp.length());
        }
        List<String> candidates = new ArrayList<>();
        if (path.startsWith("service.")) {
            candidates.add(tp + path);
        }
        candidates.add(path);
        if (origins != null) {
            for (String c : candidates) {
                for (String probe = c; !probe.isEmpty(); probe = parent(probe)) {
                    Optional<Origin> o = origins.apply(probe);
                    if (o.isPresent()) {
                        return new Problem(o.get().file(), o.get().line(), o.get().column(), c, problem.message(), problem.hint());
                    }
                }
            }
        }
        return new Problem(problem.file(), 0, 0, path, problem.message(), problem.hint());
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut > 0 ? path.substring(0, cut) : "";
    }

    private static ServiceIntent service(ResolvedTarget rt, ServiceSpec s, Problems p, String tp) {
        String b = "service.";
        ServiceIntent.Builder sb = ServiceIntent.builder().name(rt.serviceName());
        if (s.port() == null) {
            p.add(b + "port", "a port is required: the load balancer, the health check and the Kubernetes Service all use it",
                    "set service.port");
        } else {
            sb.port(s.port());
        }
        sb.replicas(s.replicas() == null ? 1 : s.replicas());
        sb.cpu(BigDecimal.valueOf(s.cpu().millicores(), 3).stripTrailingZeros());
        sb.memoryMiB((int) s.memory().mebibytes());
        sb.command(s.command()).args(s.args());
        sb.env(new LinkedHashMap<>(s.env()));
        Map<String, String> secrets = new LinkedHashMap<>();
        s.secrets().forEach((k, v) -> secrets.put(k, v.valueFrom()));
        sb.secrets(secrets);
        sb.healthCheck(healthCheck(s.healthCheck(), s.port(), p));
        sb.logging(logging(rt, s.logging(), p));
        if (s.autoscaling() != null) {
            AutoscalingSpec a = s.autoscaling();
            sb.autoscaling(new Autoscaling(a.min(), a.max(), a.cpuPercent(), a.memoryPercent(), a.scaleInCooldown(),
                    a.scaleOutCooldown(), a.requestsPerTarget()));
        }
        if (s.iam() != null) {
            sb.iam(new Iam(s.iam().taskRole(), s.iam().executionRole()));
        }
        List<Sidecar> sidecars = new ArrayList<>();
        for (int i = 0; i < s.sidecars().size(); i++) {
            SidecarSpec sc = s.sidecars().get(i);
            String sp = b + "sidecars[" + i + "].";
            p.require(sc.command().isEmpty(), sp + "command", "sidecar command is not rendered yet", "");
            p.require(sc.secrets().isEmpty(), sp + "secrets", "sidecar secrets are not rendered yet", "");
            List<ServiceIntent.Dependency> deps = sc.dependsOn().stream().map(d -> new ServiceIntent.Dependency(
                    "app".equals(d.container()) ? rt.serviceName() : d.container(), d.condition().yaml())).toList();
            sidecars.add(new Sidecar(sc.name(), sc.image(),
                    sc.cpu() == null ? null : BigDecimal.valueOf(sc.cpu().millicores(), 3).stripTrailingZeros(),
                    sc.memory() == null ? null : (int) sc.memory().mebibytes(), new java.util.TreeMap<>(sc.env()),
                    Boolean.TRUE.equals(sc.essential()), false, sc.ports(), deps));
        }
        sb.sidecars(sidecars);
        List<EfsVolume> volumes = new ArrayList<>();
        for (int i = 0; i < s.volumes().size(); i++) {
            VolumeSpec v = s.volumes().get(i);
            String vp = b + "volumes[" + i + "].";
            if (v.type() != VolumeSpec.Type.EFS) {
                sb.scratchVolume(new ServiceIntent.ScratchVolume(v.name(), v.mountPath(), Boolean.TRUE.equals(v.readOnly()),
                        v.type() == VolumeSpec.Type.HOST ? v.host().path() : null,
                        v.type() == VolumeSpec.Type.EMPTY_DIR && v.emptyDir().sizeLimit() != null
                                ? (int) v.emptyDir().sizeLimit().mebibytes() : null));
                continue;
            }
            p.require(v.efs().transitEncryptionPort() == null, vp + "efs.transitEncryptionPort",
                    "transitEncryptionPort is not rendered yet", "remove it; the mount helper picks a port");
            volumes.add(new EfsVolume(v.name(), v.efs().fileSystemId(), v.efs().rootDirectory(), v.efs().accessPointId(),
                    Boolean.TRUE.equals(v.efs().iam()), v.efs().transitEncryption(), v.mountPath(), Boolean.TRUE.equals(v.readOnly())));
        }
        sb.volumes(volumes);
        if (s.stopTimeout() != null) {
            sb.stopTimeout(s.stopTimeout());
        }
        return sb.build();
    }

    private static HealthCheck healthCheck(HealthCheckSpec h, Integer port, Problems p) {
        String b = "service.healthCheck";
        if (h == null || h.path() == null) {
            p.add(h == null ? b : b + ".path", "an HTTP health check path is required for one health gate on every target:"
                    + " without it ECS counts a task healthy 40s after it starts and Kubernetes counts a pod ready at once",
                    "set service.healthCheck.path, e.g. /health");
            return HealthCheck.http("/");
        }
        p.require(h.port() == null || h.port().equals(port), b + ".port", "a health check port other than service.port is not rendered yet",
                "remove healthCheck.port");
        List<String> cmd = h.command();
        if (cmd.size() == 1) {
            cmd = List.of("CMD-SHELL", cmd.get(0));
        }
        return new HealthCheck(h.path(), h.interval(), h.timeout(), h.healthyThreshold(), h.unhealthyThreshold(),
                h.gracePeriod(), h.matcher(), cmd);
    }

    private static Logging logging(ResolvedTarget rt, LoggingSpec l, Problems p) {
        String b = "service.logging.";
        if (l == null) {
            return Logging.awslogs("/uniform/" + rt.pipelineName()).withStreamPrefix(rt.pipelineName());
        }
        LogDriver driver = switch (l.driver()) {
            case AWSLOGS -> LogDriver.AWSLOGS;
            case FIRELENS -> LogDriver.FIRELENS;
            case SPLUNK -> LogDriver.SPLUNK;
            default -> {
                p.add(b + "driver", "log driver " + l.driver().yaml() + " has no counterpart on Fargate and EKS",
                        "use awslogs, firelens or splunk");
                yield LogDriver.AWSLOGS;
            }
        };
        Map<String, SecretRef> secretOptions = new LinkedHashMap<>(l.secretOptions());
        if (driver == LogDriver.SPLUNK) {
            secretOptions.remove("splunk-token");
        }
        p.require(secretOptions.isEmpty(), b + "secretOptions", "secret log options other than the Splunk token are not rendered yet", "");
        String routerImage = null;
        if (l.firelens() != null) {
            p.require(l.firelens().type() == FirelensType.FLUENTBIT, b + "firelens.type",
                    "only a Fluent Bit router renders (its options are shared with the EKS collector)", "use type: fluentbit");
            Map<String, String> ro = new LinkedHashMap<>(l.firelens().options());
            ro.remove("enable-ecs-log-metadata");
            p.require(ro.isEmpty(), b + "firelens.options", "router options other than enable-ecs-log-metadata are not rendered yet", "");
            routerImage = l.firelens().image();
        }
        Splunk splunk = null;
        if (l.splunk() != null) {
            splunk = new Splunk(l.splunk().url(), l.splunk().token().valueFrom(), l.splunk().index(), l.splunk().source(),
                    l.splunk().sourcetype(), l.splunk().format());
        }
        String group = l.group() != null ? l.group() : driver == LogDriver.SPLUNK ? null : "/uniform/" + rt.pipelineName();
        return new Logging(driver, group, l.streamPrefix() != null ? l.streamPrefix() : rt.pipelineName(), l.region(),
                l.retentionDays(), Boolean.TRUE.equals(l.createGroup()), new java.util.TreeMap<>(l.options()), routerImage, splunk);
    }

    private static RolloutIntent rollout(RolloutSpec r, Problems p) {
        if (r == null) {
            return RolloutIntent.defaults();
        }
        p.require(r.strategy() == RolloutStrategy.ROLLING, "rollout.strategy",
                "strategy " + r.strategy().yaml() + " is not rendered identically to every target type yet", "use strategy: rolling");
        p.require(!Boolean.FALSE.equals(r.circuitBreaker()), "rollout.circuitBreaker",
                "the ECS circuit breaker is what stops a failing rollout and applies the rollback rule; it cannot be turned off",
                "remove circuitBreaker: false");
        return new RolloutIntent(r.strategy().yaml(), amount(r.maxSurge()), amount(r.maxUnavailable()), r.timeout(),
                r.rollback() == RollbackMode.MANUAL ? RolloutIntent.Rollback.NONE : RolloutIntent.Rollback.AUTO);
    }

    private static Amount amount(CountOrPercent c) {
        return c == null ? null : new Amount(c.value(), c.percent());
    }

    private static DeployTarget target(ResolvedTarget rt, TargetSpec t, ServiceSpec s, Problems p, String tp) {
        TargetType type = switch (t.type()) {
            case FARGATE -> TargetType.FARGATE;
            case ECS_EC2 -> TargetType.ECS_EC2;
            case EKS -> TargetType.EKS;
        };
        DeployTarget.Builder b = DeployTarget.builder(t.name(), type).region(t.region()).cluster(t.cluster())
                .namespace(t.namespace()).platformVersion(t.platformVersion());
        List<CapacityProvider> cps = new ArrayList<>();
        t.capacityProviderStrategy().forEach(c -> cps.add(new CapacityProvider(c.name(), c.base() == null ? 0 : c.base(),
                c.weight() == null ? 1 : c.weight())));
        b.capacityProviders(cps);
        if (t.network() != null) {
            NetworkMode mode = null;
            if (type.isEcs()) {
                mode = switch (t.network().effectiveMode(t.type())) {
                    case AWSVPC -> NetworkMode.AWSVPC;
                    case BRIDGE -> NetworkMode.BRIDGE;
                    case HOST -> NetworkMode.HOST;
                };
            }
            b.network(new Network(mode, t.network().subnets(), t.network().securityGroups(),
                    Boolean.TRUE.equals(t.network().assignPublicIp())));
        } else if (type == TargetType.ECS_EC2) {
            b.network(new Network(NetworkMode.BRIDGE, List.of(), List.of(), false));
        }
        p.require(t.serviceAccount() == null || t.serviceAccount().equals(rt.serviceName()), tp + "serviceAccount",
                "a service account name other than the service name is not rendered yet", "remove serviceAccount");
        LoadBalancerSpec lb = t.loadBalancer();
        if (lb != null) {
            p.require(lb.containerPort() == null || lb.containerPort().equals(s.port()), tp + "loadBalancer.containerPort",
                    "a load balancer port other than service.port is not rendered yet", "remove containerPort");
            java.time.Duration delay = rt.rollout() != null && rt.rollout().deregistrationDelay() != null
                    ? rt.rollout().deregistrationDelay() : DEFAULT_DEREGISTRATION_DELAY;
            b.loadBalancer(new LoadBalancer(lb.targetGroupArn(), lb.listenerArn(), lb.pathPattern(), lb.host(), lb.priority(),
                    null, delay, lb.type() == LoadBalancerType.NLB));
        }
        return b.build();
    }
}
