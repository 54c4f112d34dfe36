package dev.uniformpipeline.core.deploy.ecs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.deploy.AwsJson;
import dev.uniformpipeline.core.deploy.DeployTarget;
import dev.uniformpipeline.core.deploy.DeployTarget.CapacityProvider;
import dev.uniformpipeline.core.deploy.DeployTarget.NetworkMode;
import dev.uniformpipeline.core.deploy.Naming;
import dev.uniformpipeline.core.deploy.Placeholders;
import dev.uniformpipeline.core.deploy.Problems;
import dev.uniformpipeline.core.deploy.RenderInput;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.RolloutIntent;
import dev.uniformpipeline.core.deploy.RolloutMath;
import dev.uniformpipeline.core.deploy.ServiceIntent;
import dev.uniformpipeline.core.deploy.ServiceIntent.EfsVolume;
import dev.uniformpipeline.core.deploy.ServiceIntent.LogDriver;
import dev.uniformpipeline.core.deploy.ServiceIntent.Sidecar;
import dev.uniformpipeline.core.deploy.SharedAwsRendering;
import dev.uniformpipeline.core.deploy.Sizing;
import dev.uniformpipeline.core.deploy.TargetRenderer;
import dev.uniformpipeline.core.deploy.TargetType;

import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.EFSAuthorizationConfigIAM;
import software.amazon.awssdk.services.ecs.model.EFSTransitEncryption;
import software.amazon.awssdk.services.ecs.model.EFSVolumeConfiguration;
import software.amazon.awssdk.services.ecs.model.FirelensConfiguration;
import software.amazon.awssdk.services.ecs.model.FirelensConfigurationType;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Volume;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Renders a target on Amazon ECS, EC2 launch type or Fargate: the task definition, the service (create and
 * update forms), the target group health check and the Application Auto Scaling objects.
 *
 * <p>Documents: {@code ecs/register-task-definition.json}, {@code ecs/create-service.json},
 * {@code ecs/update-service.json}, {@code elbv2/*.json}, {@code logs/*.json},
 * {@code application-autoscaling/*.json}.
 */
public final class EcsRenderer implements TargetRenderer {
    /** Name of the FireLens log-router container. */
    public static final String LOG_ROUTER = "log-router";
    /** Memory the FireLens router reserves inside the task (soft limit; part of the task size). */
    public static final int LOG_ROUTER_MEMORY_RESERVATION_MIB = 50;

    @Override
    public List<Problem> validate(RenderInput in) {
        Problems p = new Problems(in.sourceFile());
        DeployTarget t = in.target();
        ServiceIntent s = in.service();
        String tp = "targets." + t.name() + ".";
        boolean fargate = t.type() == TargetType.FARGATE;
        p.require(t.cluster() != null && !t.cluster().isBlank(), tp + "cluster", "an ECS target needs a cluster", "");
        NetworkMode mode = t.network().effectiveMode();
        if (fargate) {
            p.require(mode == NetworkMode.AWSVPC, tp + "network.mode", "Fargate only runs awsvpc networking, not " + mode.key(),
                    "remove network.mode or set it to awsvpc");
            int units = Sizing.isExact(s.cpu()) ? Sizing.cpuUnits(s.cpu()) : -1;
            p.require(units < 0 || Sizing.fargateAccepts(units, s.memoryMiB()), "service.memory",
                    "Fargate has no task size of " + s.cpu().toPlainString() + " vCPU with " + s.memoryMiB() + " MiB",
                    units < 0 ? "" : Sizing.fargateHint(units, s.memoryMiB()));
            p.require(s.stopTimeout().toSeconds() <= 120, "service.stopTimeout",
                    "Fargate allows a stopTimeout of at most 120s, got " + s.stopTimeout().toSeconds() + "s", "use 120s or less");
            p.require(s.volumes().isEmpty() || t.platformVersion() == null || "LATEST".equals(t.platformVersion())
                            || compareVersion(t.platformVersion(), "1.4.0") >= 0, tp + "platformVersion",
                    "EFS volumes need Fargate platform 1.4.0 or later", "use platformVersion: LATEST or 1.4.0");
        }
        if (mode == NetworkMode.AWSVPC) {
            p.require(!t.network().subnets().isEmpty() && t.network().subnets().size() <= 16, tp + "network.subnets",
                    "awsvpc networking needs 1-16 subnets", "list the subnets the tasks run in");
            p.require(t.network().securityGroups().size() <= 5, tp + "network.securityGroups", "at most 5 security groups", "");
        }
        p.require(!t.network().assignPublicIp() || fargate, tp + "network.assignPublicIp",
                "a public IP can only be assigned to Fargate tasks", "remove assignPublicIp");
        List<CapacityProvider> cps = t.capacityProviders();
        if (!cps.isEmpty()) {
            p.require(cps.size() <= 6, tp + "capacityProviders", "at most 6 capacity providers", "");
            p.require(cps.stream().filter(c -> c.base() > 0).count() <= 1, tp + "capacityProviders",
                    "only one capacity provider may set a base", "");
            p.require(cps.stream().anyMatch(c -> c.weight() > 0), tp + "capacityProviders",
                    "at least one capacity provider needs a weight above 0, or no task could be placed", "");
            for (CapacityProvider c : cps) {
                boolean fargateProvider = c.name().equals("FARGATE") || c.name().equals("FARGATE_SPOT");
                p.require(fargate == fargateProvider, tp + "capacityProviders",
                        "capacity provider " + c.name() + (fargate ? " is not a Fargate provider" : " is a Fargate provider on an EC2 target"),
                        fargate ? "use FARGATE or FARGATE_SPOT" : "use the cluster's Auto Scaling group provider");
                p.require(c.base() >= 0 && c.base() <= 100000 && c.weight() >= 0 && c.weight() <= 1000, tp + "capacityProviders",
                        "capacity provider base is 0-100000 and weight 0-1000", "");
            }
        }
        // Fargate pulls images and ships awslogs with the execution role; secrets and log secrets need it everywhere.
        boolean needsExecutionRole = !s.secrets().isEmpty() || s.logging().driver() == LogDriver.SPLUNK || fargate;
        p.require(!needsExecutionRole || s.iam().executionRoleArn() != null, "service.iam.executionRole",
                "this task needs an execution role (" + (s.secrets().isEmpty() ? "" : "secrets, ")
                        + (fargate ? "Fargate image pull and logs" : "log secrets") + ")",
                "set iam.executionRole to a role with AmazonECSTaskExecutionRolePolicy"
                        + (s.secrets().isEmpty() ? "" : " and read access to the secrets"));
        SharedAwsRendering.validateLoadBalancer(in, p, tp);
        // The health gate must be the same everywhere: EKS probes the path; ECS only checks it through a load
        // balancer or a container health check. Without either, ECS calls a task healthy 40 s after it runs.
        p.require(t.loadBalancer() != null || !s.healthCheck().command().isEmpty(), "service.healthCheck.command",
                "on " + t.type().key() + " without a load balancer nothing would check " + s.healthCheck().path()
                        + " (ECS counts a task healthy 40s after it starts)",
                "add a loadBalancer to the target, or a container check such as command: [\"CMD-SHELL\", \"curl -fs http://localhost:"
                        + s.port() + s.healthCheck().path() + " || exit 1\"] (the image needs curl)");
        p.require(s.autoscaling() == null || s.autoscaling().requestsPerTarget() == null || t.loadBalancer() != null,
                "service.autoscaling.requestsPerTarget", "requests per target needs a load balancer on the target", "");
        for (int i = 0; i < s.scratchVolumes().size(); i++) {
            p.require(!fargate || s.scratchVolumes().get(i).hostPath() == null, "service.volumes[" + i + "].host",
                    "Fargate tasks cannot mount host directories (volume '" + s.scratchVolumes().get(i).name() + "')",
                    "use emptyDir or EFS");
        }
        java.util.Set<String> containers = new java.util.HashSet<>();
        containers.add(s.name());
        s.sidecars().forEach(sc -> containers.add(sc.name()));
        for (int i = 0; i < s.sidecars().size(); i++) {
            for (ServiceIntent.Dependency d : s.sidecars().get(i).dependsOn()) {
                String dp = "service.sidecars[" + i + "].dependsOn";
                p.require(containers.contains(d.container()), dp, "no container named '" + d.container() + "' in the task",
                        "name the service (" + s.name() + ") or another sidecar");
                p.require(java.util.Set.of("START", "COMPLETE", "SUCCESS", "HEALTHY").contains(d.condition()), dp,
                        "condition must be START, COMPLETE, SUCCESS or HEALTHY", "");
                p.require(!"HEALTHY".equals(d.condition()) || !d.container().equals(s.name()) || !s.healthCheck().command().isEmpty(),
                        dp, "HEALTHY needs a container health check on " + d.container(), "set service.healthCheck.command or use START");
            }
        }
        return p.list();
    }

    @Override
    public RenderedTarget render(RenderInput in) {
        SharedAwsRendering.Output out = new SharedAwsRendering.Output();
        String family = Naming.family(in);
        RegisterTaskDefinitionRequest taskDef = taskDefinition(in, family);
        ObjectNode taskDefJson = AwsJson.toJson(taskDef);
        out.add(new ResourceRef(ResourceRef.ECS_TASK_DEFINITION, family), taskDefJson);
        out.document("ecs/register-task-definition.json", AwsJson.text(taskDefJson));

        CreateServiceRequest create = createService(in, family);
        ObjectNode createJson = AwsJson.toJson(create);
        out.add(new ResourceRef(ResourceRef.ECS_SERVICE, in.target().cluster() + "/" + in.service().name()), createJson);
        out.document("ecs/create-service.json", AwsJson.text(createJson));
        out.document("ecs/update-service.json", AwsJson.text(AwsJson.toJson(updateService(in, family))));

        SharedAwsRendering.loadBalancer(in, targetType(in), out);
        SharedAwsRendering.logGroup(in, out);
        autoscaling(in, out);
        return out.build(in);
    }

    /** ELB target type: ip for awsvpc tasks, instance (instance id + host port) for bridge and host. */
    public static TargetTypeEnum targetType(RenderInput in) {
        return in.target().network().effectiveMode() == NetworkMode.AWSVPC ? TargetTypeEnum.IP : TargetTypeEnum.INSTANCE;
    }

    // ---------------------------------------------------------------- task definition

    RegisterTaskDefinitionRequest taskDefinition(RenderInput in, String family) {
        ServiceIntent s = in.service();
        boolean fargate = in.target().type() == TargetType.FARGATE;
        NetworkMode mode = in.target().network().effectiveMode();
        List<ContainerDefinition> containers = new ArrayList<>();
        LogConfiguration appLogs = EcsLogging.appLogConfiguration(in);
        boolean firelens = s.logging().driver() == LogDriver.FIRELENS;
        if (firelens) {
            containers.add(EcsLogging.logRouter(in));
        }
        containers.add(appContainer(in, mode, appLogs, firelens));
        for (Sidecar sc : s.sidecars()) {
            containers.add(sidecar(in, sc, appLogs, firelens));
        }
        RegisterTaskDefinitionRequest.Builder b = RegisterTaskDefinitionRequest.builder()
                .family(family)
                .taskRoleArn(s.iam().taskRoleArn())
                .executionRoleArn(s.iam().executionRoleArn())
                .networkMode(mode.key())
                .containerDefinitions(containers)
                .requiresCompatibilities(fargate ? Compatibility.FARGATE : Compatibility.EC2)
                .cpu(Integer.toString(Sizing.cpuUnits(s.cpu())))
                .memory(Integer.toString(s.memoryMiB()))
                .tags(tags(in));
        List<Volume> volumes = new ArrayList<>(s.volumes().stream().map(EcsRenderer::volume).toList());
        for (ServiceIntent.ScratchVolume v : s.scratchVolumes()) {
            Volume.Builder vb = Volume.builder().name(v.name());
            if (v.hostPath() != null) {
                vb.host(h -> h.sourcePath(v.hostPath()));
            }
            volumes.add(vb.build());
        }
        if (!volumes.isEmpty()) {
            b.volumes(volumes);
        }
        return b.build();
    }

    private ContainerDefinition appContainer(RenderInput in, NetworkMode mode, LogConfiguration logs, boolean firelens) {
        ServiceIntent s = in.service();
        PortMapping.Builder port = PortMapping.builder().containerPort(s.port()).protocol(TransportProtocol.TCP);
        // awsvpc/host: hostPort must equal containerPort; bridge: 0 asks Docker for a dynamic host port.
        port.hostPort(mode == NetworkMode.BRIDGE ? 0 : s.port());
        List<ContainerDependency> deps = new ArrayList<>();
        if (firelens) {
            deps.add(ContainerDependency.builder().containerName(LOG_ROUTER).condition(ContainerCondition.START).build());
        }
        for (Sidecar sc : s.sidecars()) {
            if (sc.startBeforeApp()) {
                deps.add(ContainerDependency.builder().containerName(sc.name()).condition(ContainerCondition.START).build());
            }
        }
        Map<String, String> labels = new LinkedHashMap<>(Naming.labels(in));
        labels.putAll(Naming.provenance(in));
        ContainerDefinition.Builder c = ContainerDefinition.builder()
                .name(s.name())
                .image(in.image().reference())
                .essential(true)
                .portMappings(port.build())
                .environment(s.env().entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                .secrets(s.secrets().entrySet().stream()
                        .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build()).toList())
                .stopTimeout((int) s.stopTimeout().toSeconds())
                .logConfiguration(logs)
                .dockerLabels(labels);
        if (!deps.isEmpty()) {
            c.dependsOn(deps);
        }
        if (!s.command().isEmpty()) {
            c.entryPoint(s.command());
        }
        if (!s.args().isEmpty()) {
            c.command(s.args());
        }
        List<MountPoint> mounts = new ArrayList<>();
        s.volumes().forEach(v -> mounts.add(MountPoint.builder().sourceVolume(v.name()).containerPath(v.mountPath())
                .readOnly(v.readOnly()).build()));
        s.scratchVolumes().forEach(v -> mounts.add(MountPoint.builder().sourceVolume(v.name()).containerPath(v.mountPath())
                .readOnly(v.readOnly()).build()));
        if (!mounts.isEmpty()) {
            c.mountPoints(mounts);
        }
        ServiceIntent.HealthCheck h = s.healthCheck();
        if (!h.command().isEmpty()) {
            List<String> cmd = h.command();
            if (!cmd.get(0).equals("CMD") && !cmd.get(0).equals("CMD-SHELL")) {
                List<String> withPrefix = new ArrayList<>();
                withPrefix.add("CMD");
                withPrefix.addAll(cmd);
                cmd = withPrefix;
            }
            c.healthCheck(HealthCheck.builder()
                    .command(cmd)
                    .interval((int) h.interval().toSeconds())
                    .timeout((int) h.timeout().toSeconds())
                    .retries(h.unhealthyThreshold())
                    .startPeriod((int) h.gracePeriod().toSeconds())
                    .build());
        }
        return c.build();
    }

    private ContainerDefinition sidecar(RenderInput in, Sidecar sc, LogConfiguration logs, boolean firelens) {
        NetworkMode mode = in.target().network().effectiveMode();
        ContainerDefinition.Builder c = ContainerDefinition.builder()
                .name(sc.name())
                .image(sc.image())
                .essential(sc.essential())
                .environment(sc.env().entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                .logConfiguration(logs);
        if (sc.cpu() != null) {
            c.cpu(Sizing.cpuUnits(sc.cpu()));
        }
        if (sc.memoryMiB() != null) {
            c.memory(sc.memoryMiB());
        }
        if (!sc.ports().isEmpty()) {
            c.portMappings(sc.ports().stream().map(port -> PortMapping.builder().containerPort(port)
                    .hostPort(mode == NetworkMode.BRIDGE ? 0 : port).protocol(TransportProtocol.TCP).build()).toList());
        }
        List<ContainerDependency> deps = new ArrayList<>();
        if (firelens) {
            deps.add(ContainerDependency.builder().containerName(LOG_ROUTER).condition(ContainerCondition.START).build());
        }
        sc.dependsOn().forEach(d -> deps.add(ContainerDependency.builder().containerName(d.container())
                .condition(d.condition()).build()));
        if (!deps.isEmpty()) {
            c.dependsOn(deps);
        }
        return c.build();
    }

    private static Volume volume(EfsVolume v) {
        EFSVolumeConfiguration.Builder efs = EFSVolumeConfiguration.builder()
                .fileSystemId(v.fileSystemId())
                .transitEncryption(v.encryptInTransit() ? EFSTransitEncryption.ENABLED : EFSTransitEncryption.DISABLED);
        if (v.accessPointId() == null && v.rootDirectory() != null) {
            efs.rootDirectory(v.rootDirectory());
        }
        if (v.accessPointId() != null || v.iam()) {
            efs.authorizationConfig(a -> {
                if (v.accessPointId() != null) {
                    a.accessPointId(v.accessPointId());
                }
                a.iam(v.iam() ? EFSAuthorizationConfigIAM.ENABLED : EFSAuthorizationConfigIAM.DISABLED);
            });
        }
        return Volume.builder().name(v.name()).efsVolumeConfiguration(efs.build()).build();
    }

    private static List<Tag> tags(RenderInput in) {
        Map<String, String> m = new LinkedHashMap<>(Naming.labels(in));
        m.putAll(Naming.provenance(in));
        return m.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    // ---------------------------------------------------------------- service

    /** Desired count at creation: the replicas, kept inside the autoscaling bounds. */
    CreateServiceRequest createService(RenderInput in, String family) {
        ServiceIntent s = in.service();
        DeployTarget t = in.target();
        CreateServiceRequest.Builder b = CreateServiceRequest.builder()
                .cluster(t.cluster())
                .serviceName(s.name())
                .taskDefinition(Placeholders.taskDefinitionArn(family))
                .desiredCount(s.initialReplicas())
                .deploymentConfiguration(deploymentConfiguration(in))
                .deploymentController(d -> d.type(DeploymentControllerType.ECS))
                .schedulingStrategy(SchedulingStrategy.REPLICA)
                .propagateTags(PropagateTags.TASK_DEFINITION)
                .enableECSManagedTags(true)
                .tags(tags(in));
        if (t.capacityProviders().isEmpty()) {
            b.launchType(t.type() == TargetType.FARGATE ? LaunchType.FARGATE : LaunchType.EC2);
        } else {
            b.capacityProviderStrategy(capacityProviderStrategy(t));
        }
        if (t.type() == TargetType.FARGATE && t.platformVersion() != null) {
            b.platformVersion(t.platformVersion());
        }
        if (t.loadBalancer() != null) {
            b.loadBalancers(loadBalancer(in));
            b.healthCheckGracePeriodSeconds((int) s.healthCheck().gracePeriod().toSeconds());
        }
        if (t.network().effectiveMode() == NetworkMode.AWSVPC) {
            b.networkConfiguration(networkConfiguration(t));
        }
        return b.build();
    }

    /**
     * The update form: the part of {@link #createService}'s request that an update can change. With autoscaling
     * the desired count is left out, so a deploy never resets what the autoscaler chose. The launch type cannot be
     * changed by an update (the plan reports a replacement).
     */
    UpdateServiceRequest updateService(RenderInput in, String family) {
        CreateServiceRequest create = createService(in, family);
        UpdateServiceRequest.Builder b = UpdateServiceRequest.builder()
                .cluster(create.cluster())
                .service(create.serviceName())
                .taskDefinition(create.taskDefinition())
                .deploymentConfiguration(create.deploymentConfiguration())
                .propagateTags(create.propagateTags())
                .enableECSManagedTags(create.enableECSManagedTags())
                .platformVersion(create.platformVersion())
                .healthCheckGracePeriodSeconds(create.healthCheckGracePeriodSeconds())
                .networkConfiguration(create.networkConfiguration());
        if (in.service().autoscaling() == null) {
            b.desiredCount(create.desiredCount());
        }
        if (create.hasCapacityProviderStrategy()) {
            b.capacityProviderStrategy(create.capacityProviderStrategy());
        }
        if (create.hasLoadBalancers()) {
            b.loadBalancers(create.loadBalancers());
        }
        return b.build();
    }

    /** Surge/unavailable as ECS percentages (see {@link RolloutMath}); circuit breaker on, rollback per intent. */
    static DeploymentConfiguration deploymentConfiguration(RenderInput in) {
        RolloutMath.EcsPercents pct = RolloutMath.ecsPercents(in.service().initialReplicas(), in.rollout());
        return DeploymentConfiguration.builder()
                .maximumPercent(pct.maximumPercent())
                .minimumHealthyPercent(pct.minimumHealthyPercent())
                .deploymentCircuitBreaker(DeploymentCircuitBreaker.builder()
                        .enable(true)
                        .rollback(in.rollout().rollback() == RolloutIntent.Rollback.AUTO)
                        .build())
                .build();
    }

    private static List<CapacityProviderStrategyItem> capacityProviderStrategy(DeployTarget t) {
        return t.capacityProviders().stream().map(c -> CapacityProviderStrategyItem.builder()
                .capacityProvider(c.name()).base(c.base()).weight(c.weight()).build()).toList();
    }

    private static LoadBalancer loadBalancer(RenderInput in) {
        return LoadBalancer.builder()
                .targetGroupArn(SharedAwsRendering.targetGroupArn(in))
                .containerName(in.service().name())
                .containerPort(in.service().port())
                .build();
    }

    private static NetworkConfiguration networkConfiguration(DeployTarget t) {
        return NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                .subnets(t.network().subnets())
                .securityGroups(t.network().securityGroups())
                .assignPublicIp(t.network().assignPublicIp() ? AssignPublicIp.ENABLED : AssignPublicIp.DISABLED)
                .build()).build();
    }

    // ---------------------------------------------------------------- autoscaling

    private void autoscaling(RenderInput in, SharedAwsRendering.Output out) {
        ServiceIntent.Autoscaling a = in.service().autoscaling();
        if (a == null) {
            return;
        }
        String resourceId = "service/" + in.target().cluster() + "/" + in.service().name();
        RegisterScalableTargetRequest target = RegisterScalableTargetRequest.builder()
                .serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .minCapacity(a.min())
                .maxCapacity(a.max())
                .build();
        ObjectNode targetJson = AwsJson.toJson(target);
        out.add(new ResourceRef(ResourceRef.SCALABLE_TARGET, resourceId), targetJson);
        out.document("application-autoscaling/register-scalable-target.json", AwsJson.text(targetJson));
        if (a.cpuPercent() != null) {
            policy(in, out, resourceId, "cpu", MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION, a.cpuPercent(), a);
        }
        if (a.memoryPercent() != null) {
            policy(in, out, resourceId, "memory", MetricType.ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION, a.memoryPercent(), a);
        }
        if (a.requestsPerTarget() != null) {
            policy(in, out, resourceId, "requests", MetricType.ALB_REQUEST_COUNT_PER_TARGET, a.requestsPerTarget(), a);
        }
    }

    private void policy(RenderInput in, SharedAwsRendering.Output out, String resourceId, String metric, MetricType type,
                        int value, ServiceIntent.Autoscaling a) {
        String name = in.service().name() + "-" + metric + "-target-tracking";
        PutScalingPolicyRequest policy = PutScalingPolicyRequest.builder()
                .policyName(name)
                .serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(TargetTrackingScalingPolicyConfiguration.builder()
                        .targetValue((double) value)
                        .predefinedMetricSpecification(PredefinedMetricSpecification.builder().predefinedMetricType(type)
                                .resourceLabel(type == MetricType.ALB_REQUEST_COUNT_PER_TARGET
                                        ? Placeholders.targetGroupResourceLabel(SharedAwsRendering.targetGroupArn(in)) : null)
                                .build())
                        .scaleInCooldown((int) a.scaleInCooldown().toSeconds())
                        .scaleOutCooldown((int) a.scaleOutCooldown().toSeconds())
                        .disableScaleIn(false)
                        .build())
                .build();
        ObjectNode json = AwsJson.toJson(policy);
        out.add(new ResourceRef(ResourceRef.SCALING_POLICY, resourceId + "/" + name), json);
        out.document("application-autoscaling/put-scaling-policy-" + metric + ".json", AwsJson.text(json));
    }

    static int compareVersion(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parse(x[i]) : 0;
            int yi = i < y.length ? parse(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** FireLens router type used by this renderer. */
    static FirelensConfiguration firelens() {
        return FirelensConfiguration.builder().type(FirelensConfigurationType.FLUENTBIT)
                .options(Map.of("enable-ecs-log-metadata", "true")).build();
    }
}
