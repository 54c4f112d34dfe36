package dev.uniformpipeline.core.deploy.eks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.deploy.Amount;
import dev.uniformpipeline.core.deploy.AwsJson;
import dev.uniformpipeline.core.deploy.DeployTarget;
import dev.uniformpipeline.core.deploy.LogSinks;
import dev.uniformpipeline.core.deploy.Naming;
import dev.uniformpipeline.core.deploy.Problems;
import dev.uniformpipeline.core.deploy.RenderInput;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.ServiceIntent;
import dev.uniformpipeline.core.deploy.ServiceIntent.EfsVolume;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Sidecar;
import dev.uniformpipeline.core.deploy.SharedAwsRendering;
import dev.uniformpipeline.core.deploy.Sizing;
import dev.uniformpipeline.core.deploy.TargetRenderer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Renders a target on Amazon EKS with fabric8 model builders: Deployment, Service (ClusterIP), ServiceAccount
 * (IRSA), HorizontalPodAutoscaler (autoscaling/v2), TargetGroupBinding (AWS Load Balancer Controller),
 * SecretProviderClass (secrets, see {@link EksSecrets}), EFS PersistentVolume/Claim, plus the shared ELB
 * target group and CloudWatch log group documents.
 *
 * <p>Mapping of the intent, where it is not one to one:
 * <ul>
 *   <li>health: readinessProbe = the load balancer check (same path, period, timeout, thresholds; no initial
 *       delay, as the ALB also checks at once); livenessProbe = the same check with
 *       {@code initialDelaySeconds = gracePeriod} and successThreshold 1 (Kubernetes requires 1), the
 *       counterpart of ECS {@code healthCheckGracePeriodSeconds}: failures in the grace period kill nothing.</li>
 *   <li>cpu/memory: the pod total equals the ECS task size. Requests = limits (Fargate sizes are hard);
 *       sidecars with a size get it, the application container gets the rest.</li>
 *   <li>rollout: maxSurge/maxUnavailable written as the user wrote them (Kubernetes' own rounding is the
 *       reference the ECS percentages are computed to match); progressDeadlineSeconds = rollout.timeout.
 *       Rollback: Kubernetes never rolls back by itself; the deployer undoes the rollout when rollback is auto
 *       (recorded in the {@code uniform.dev/rollback} annotation).</li>
 *   <li>logs: no per-pod log driver exists. The pod carries {@code uniform.dev/log-*} annotations (driver,
 *       group, region, stream prefix, Fluent Bit output options; Splunk index/sourcetype as
 *       {@code splunk.com/*}) that the cluster's Fluent Bit DaemonSet routes by, e.g.
 *       {@code log_group_template $kubernetes['annotations']['uniform.dev/log-group']} and
 *       {@code log_stream_template <prefix>/<container>/<pod>} in its {@code cloudwatch_logs} output.</li>
 *   <li>sidecars: {@code startBeforeApp} sidecars become native sidecars (init containers with
 *       {@code restartPolicy: Always}, Kubernetes 1.29+), others plain extra containers.</li>
 *   <li>autoscaling: HPA on pod CPU/memory utilization (of requests, which equal the task size). The scale-in
 *       cool-down becomes the scale-down stabilization window (both hold off removing capacity); scale-up is not
 *       stabilized (window 0), since ECS target tracking also scales out again during a scale-out cool-down when
 *       the metric demands more. Approximate: the two algorithms are not the same.</li>
 * </ul>
 */
public final class EksRenderer implements TargetRenderer {
    public static final String TGB_API_VERSION = "elbv2.k8s.aws/v1beta1";
    public static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";
    public static final String ANNOTATION_ROLLBACK = "uniform.dev/rollback";
    public static final String ANNOTATION_LOG_DRIVER = "uniform.dev/log-driver";
    public static final String ANNOTATION_LOG_GROUP = "uniform.dev/log-group";
    public static final String ANNOTATION_LOG_REGION = "uniform.dev/log-region";
    public static final String ANNOTATION_LOG_STREAM_PREFIX = "uniform.dev/log-stream-prefix";
    public static final String ANNOTATION_LOG_OPTIONS = "uniform.dev/log-options";
    public static final String EFS_CSI_DRIVER = "efs.csi.aws.com";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Override
    public List<Problem> validate(RenderInput in) {
        Problems p = new Problems(in.sourceFile());
        DeployTarget t = in.target();
        String tp = "targets." + t.name() + ".";
        p.require(t.namespace().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"), tp + "namespace",
                "'" + t.namespace() + "' is not a Kubernetes namespace name", "lower-case letters, digits and '-'");
        p.require(t.capacityProviders().isEmpty(), tp + "capacityProviders", "capacity providers apply to ECS targets only",
                "remove capacityProviders from the eks target");
        p.require(t.platformVersion() == null, tp + "platformVersion", "platformVersion applies to Fargate targets only", "");
        p.require(t.network().mode() == null || t.network().mode() == DeployTarget.NetworkMode.AWSVPC, tp + "network.mode",
                "EKS pods always get VPC IPs; network mode " + t.network().effectiveMode().key() + " does not apply", "remove network.mode");
        p.require(in.service().secrets().isEmpty() || in.service().iam().taskRoleArn() != null, "service.iam.taskRole",
                "on EKS the secrets are read with the pod's IRSA role, and no iam.taskRole is set",
                "set iam.taskRole to a role that can read the secrets");
        SharedAwsRendering.validateLoadBalancer(in, p, tp);
        ServiceIntent s = in.service();
        p.require(s.autoscaling() == null || s.autoscaling().requestsPerTarget() == null, "service.autoscaling.requestsPerTarget",
                "requests per target has no Kubernetes counterpart without an external metrics adapter", "use cpuPercent or memoryPercent");
        for (int i = 0; i < s.sidecars().size(); i++) {
            p.require(s.sidecars().get(i).dependsOn().isEmpty(), "service.sidecars[" + i + "].dependsOn",
                    "Kubernetes cannot make a container wait for another one (only native sidecars start first)",
                    "remove dependsOn, or use startBeforeApp for a sidecar the application needs");
        }
        return p.list();
    }

    @Override
    public RenderedTarget render(RenderInput in) {
        SharedAwsRendering.Output out = new SharedAwsRendering.Output();
        ServiceIntent s = in.service();
        add(out, "k8s/serviceaccount.yaml", serviceAccount(in));
        add(out, "k8s/deployment.yaml", deployment(in));
        add(out, "k8s/service.yaml", service(in));
        if (s.autoscaling() != null) {
            add(out, "k8s/horizontalpodautoscaler.yaml", hpa(in));
        }
        if (in.target().loadBalancer() != null) {
            add(out, "k8s/targetgroupbinding.yaml", targetGroupBinding(in));
            SharedAwsRendering.loadBalancer(in, TargetTypeEnum.IP, out);
        }
        if (!s.secrets().isEmpty()) {
            add(out, "k8s/secretproviderclass.yaml", secretProviderClass(in));
        }
        for (EfsVolume v : s.volumes()) {
            add(out, "k8s/efs-" + v.name() + "-persistentvolume.yaml", persistentVolume(in, v));
            add(out, "k8s/efs-" + v.name() + "-persistentvolumeclaim.yaml", persistentVolumeClaim(in, v));
        }
        SharedAwsRendering.logGroup(in, out);
        return out.build(in);
    }

    private static void add(SharedAwsRendering.Output out, String doc, HasMetadata obj) {
        String yaml = SERIALIZATION.asYaml(obj);
        out.document(doc, yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
        ObjectNode json;
        try {
            json = (ObjectNode) AwsJson.mapper().readTree(SERIALIZATION.asJson(obj));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-read rendered " + doc, e);
        }
        out.add(ResourceRef.k8s(obj.getApiVersion(), obj.getKind(), obj.getMetadata().getNamespace(),
                obj.getMetadata().getName()), json);
    }

    private static ObjectMeta meta(RenderInput in, String name, Map<String, String> annotations) {
        ObjectMetaBuilder b = new ObjectMetaBuilder().withName(name).withNamespace(in.target().namespace())
                .withLabels(Naming.labels(in));
        if (annotations != null && !annotations.isEmpty()) {
            b.withAnnotations(annotations);
        }
        return b.build();
    }

    ServiceAccount serviceAccount(RenderInput in) {
        Map<String, String> ann = new LinkedHashMap<>();
        if (in.service().iam().taskRoleArn() != null) {
            ann.put(IRSA_ANNOTATION, in.service().iam().taskRoleArn());
        }
        return new ServiceAccountBuilder().withMetadata(meta(in, in.service().name(), ann)).build();
    }

    Deployment deployment(RenderInput in) {
        ServiceIntent s = in.service();
        Map<String, String> ann = new LinkedHashMap<>(Naming.provenance(in));
        ann.put(ANNOTATION_ROLLBACK, in.rollout().rollback().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, String> podAnn = new LinkedHashMap<>(Naming.provenance(in));
        podAnn.putAll(logAnnotations(in));

        List<Container> containers = new ArrayList<>();
        List<Container> initContainers = new ArrayList<>();
        containers.add(appContainer(in));
        for (Sidecar sc : s.sidecars()) {
            Container c = sidecar(sc);
            if (sc.startBeforeApp()) {
                c.setRestartPolicy("Always");
                initContainers.add(c);
            } else {
                containers.add(c);
            }
        }
        List<Volume> volumes = new ArrayList<>();
        if (!s.secrets().isEmpty()) {
            volumes.add(new VolumeBuilder().withName(EksSecrets.VOLUME_NAME).withNewCsi().withDriver(EksSecrets.CSI_DRIVER)
                    .withReadOnly(true).withVolumeAttributes(Map.of("secretProviderClass", EksSecrets.secretName(s.name())))
                    .endCsi().build());
        }
        for (EfsVolume v : s.volumes()) {
            volumes.add(new VolumeBuilder().withName(v.name()).withNewPersistentVolumeClaim()
                    .withClaimName(s.name() + "-" + v.name()).withReadOnly(v.readOnly()).endPersistentVolumeClaim().build());
        }
        for (ServiceIntent.ScratchVolume v : s.scratchVolumes()) {
            VolumeBuilder vb = new VolumeBuilder().withName(v.name());
            if (v.hostPath() != null) {
                vb.withNewHostPath().withPath(v.hostPath()).withType("DirectoryOrCreate").endHostPath();
            } else {
                vb.withNewEmptyDir().withSizeLimit(v.sizeLimitMiB() == null ? null : new Quantity(Sizing.k8sMemory(v.sizeLimitMiB())))
                        .endEmptyDir();
            }
            volumes.add(vb.build());
        }
        return new DeploymentBuilder()
                .withMetadata(meta(in, s.name(), ann))
                .withNewSpec()
                .withReplicas(s.initialReplicas())
                .withProgressDeadlineSeconds((int) in.rollout().timeout().toSeconds())
                .withNewSelector().withMatchLabels(Map.of(Naming.LABEL_NAME, s.name())).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrString(in.rollout().maxSurge()))
                .withMaxUnavailable(intOrString(in.rollout().maxUnavailable()))
                .endRollingUpdate().endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(Naming.labels(in)).withAnnotations(podAnn).endMetadata()
                .withNewSpec()
                .withServiceAccountName(s.name())
                .withTerminationGracePeriodSeconds(s.stopTimeout().toSeconds())
                .withInitContainers(initContainers)
                .withContainers(containers)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static IntOrString intOrString(Amount a) {
        return a.percent() ? new IntOrString(a.value() + "%") : new IntOrString(a.value());
    }

    private Container appContainer(RenderInput in) {
        ServiceIntent s = in.service();
        BigDecimal cpu = s.cpu();
        int mem = s.memoryMiB();
        for (Sidecar sc : s.sidecars()) {
            if (sc.cpu() != null) {
                cpu = cpu.subtract(sc.cpu());
            }
            if (sc.memoryMiB() != null) {
                mem -= sc.memoryMiB();
            }
        }
        List<EnvVar> env = new ArrayList<>();
        s.env().forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        s.secrets().keySet().forEach(k -> env.add(new EnvVarBuilder().withName(k).withNewValueFrom().withNewSecretKeyRef()
                .withName(EksSecrets.secretName(s.name())).withKey(k).endSecretKeyRef().endValueFrom().build()));
        List<VolumeMount> mounts = new ArrayList<>();
        if (!s.secrets().isEmpty()) {
            mounts.add(new VolumeMountBuilder().withName(EksSecrets.VOLUME_NAME).withMountPath(EksSecrets.MOUNT_PATH)
                    .withReadOnly(true).build());
        }
        for (EfsVolume v : s.volumes()) {
            mounts.add(new VolumeMountBuilder().withName(v.name()).withMountPath(v.mountPath()).withReadOnly(v.readOnly()).build());
        }
        for (ServiceIntent.ScratchVolume v : s.scratchVolumes()) {
            mounts.add(new VolumeMountBuilder().withName(v.name()).withMountPath(v.mountPath()).withReadOnly(v.readOnly()).build());
        }
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(Sizing.k8sCpu(cpu)), "memory", new Quantity(Sizing.k8sMemory(mem)));
        return new ContainerBuilder()
                .withName(s.name())
                .withImage(in.image().reference())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(s.command())
                .withArgs(s.args())
                .addNewPort().withName("http").withContainerPort(s.port()).withProtocol("TCP").endPort()
                .withEnv(env)
                .withResources(new ResourceRequirementsBuilder().withRequests(new java.util.TreeMap<>(resources))
                        .withLimits(new java.util.TreeMap<>(resources)).build())
                .withReadinessProbe(probe(s, false))
                .withLivenessProbe(probe(s, true))
                .withVolumeMounts(mounts)
                .build();
    }

    static Probe probe(ServiceIntent s, boolean liveness) {
        HealthCheck h = s.healthCheck();
        return new ProbeBuilder()
                .withNewHttpGet().withPath(h.path()).withPort(new IntOrString(s.port())).withScheme("HTTP").endHttpGet()
                .withInitialDelaySeconds(liveness ? (int) h.gracePeriod().toSeconds() : 0)
                .withPeriodSeconds((int) h.interval().toSeconds())
                .withTimeoutSeconds((int) h.timeout().toSeconds())
                .withFailureThreshold(h.unhealthyThreshold())
                .withSuccessThreshold(liveness ? 1 : h.healthyThreshold())
                .build();
    }

    private static Container sidecar(Sidecar sc) {
        ContainerBuilder b = new ContainerBuilder().withName(sc.name()).withImage(sc.image());
        for (Integer port : sc.ports()) {
            b.addNewPort().withContainerPort(port).withProtocol("TCP").endPort();
        }
        List<EnvVar> env = new ArrayList<>();
        sc.env().forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        b.withEnv(env);
        Map<String, Quantity> r = new java.util.TreeMap<>();
        if (sc.cpu() != null) {
            r.put("cpu", new Quantity(Sizing.k8sCpu(sc.cpu())));
        }
        if (sc.memoryMiB() != null) {
            r.put("memory", new Quantity(Sizing.k8sMemory(sc.memoryMiB())));
        }
        if (!r.isEmpty()) {
            b.withResources(new ResourceRequirementsBuilder().withRequests(r).withLimits(new java.util.TreeMap<>(r)).build());
        }
        return b.build();
    }

    /** The log sink as pod annotations for the cluster's log collector (see the class comment). */
    static Map<String, String> logAnnotations(RenderInput in) {
        Logging l = in.service().logging();
        Map<String, String> a = new LinkedHashMap<>();
        a.put(ANNOTATION_LOG_DRIVER, l.driver().key());
        switch (l.driver()) {
            case AWSLOGS -> {
                a.put(ANNOTATION_LOG_GROUP, l.group());
                a.put(ANNOTATION_LOG_REGION, in.logRegion());
                a.put(ANNOTATION_LOG_STREAM_PREFIX, in.logStreamPrefix());
            }
            case FIRELENS -> {
                if (SharedAwsRendering.logsToCloudWatch(l)) {
                    a.put(ANNOTATION_LOG_GROUP, l.group());
                    a.put(ANNOTATION_LOG_REGION, in.logRegion());
                    a.put(ANNOTATION_LOG_STREAM_PREFIX, in.logStreamPrefix());
                }
                try {
                    a.put(ANNOTATION_LOG_OPTIONS, new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(new java.util.TreeMap<>(LogSinks.fluentBitOutput(in))));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            case SPLUNK -> {
                ServiceIntent.Splunk sp = l.splunk();
                a.put("uniform.dev/splunk-url", sp.url());
                a.put("uniform.dev/splunk-token-arn", sp.tokenSecretArn());
                if (sp.index() != null) {
                    a.put("splunk.com/index", sp.index());
                }
                if (sp.source() != null) {
                    a.put("splunk.com/source", sp.source());
                }
                if (sp.sourceType() != null) {
                    a.put("splunk.com/sourcetype", sp.sourceType());
                }
            }
        }
        return a;
    }

    Service service(RenderInput in) {
        ServiceIntent s = in.service();
        return new ServiceBuilder().withMetadata(meta(in, s.name(), null))
                .withNewSpec().withType("ClusterIP").withSelector(Map.of(Naming.LABEL_NAME, s.name()))
                .addNewPort().withName("http").withPort(s.port()).withTargetPort(new IntOrString(s.port())).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    HorizontalPodAutoscaler hpa(RenderInput in) {
        ServiceIntent s = in.service();
        ServiceIntent.Autoscaling a = s.autoscaling();
        List<MetricSpec> metrics = new ArrayList<>();
        if (a.cpuPercent() != null) {
            metrics.add(resourceMetric("cpu", a.cpuPercent()));
        }
        if (a.memoryPercent() != null) {
            metrics.add(resourceMetric("memory", a.memoryPercent()));
        }
        return new HorizontalPodAutoscalerBuilder().withMetadata(meta(in, s.name(), null))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(s.name()).endScaleTargetRef()
                .withMinReplicas(a.min()).withMaxReplicas(a.max())
                .withMetrics(metrics)
                .withNewBehavior()
                .withNewScaleDown().withStabilizationWindowSeconds((int) a.scaleInCooldown().toSeconds()).endScaleDown()
                .withNewScaleUp().withStabilizationWindowSeconds(0).endScaleUp()
                .endBehavior()
                .endSpec().build();
    }

    private static MetricSpec resourceMetric(String name, int percent) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName(name)
                .withNewTarget().withType("Utilization").withAverageUtilization(percent).endTarget().endResource().build();
    }

    GenericKubernetesResource targetGroupBinding(RenderInput in) {
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> serviceRef = new LinkedHashMap<>();
        serviceRef.put("name", in.service().name());
        serviceRef.put("port", in.service().port());
        spec.put("serviceRef", serviceRef);
        spec.put("targetGroupARN", SharedAwsRendering.targetGroupArn(in));
        spec.put("targetType", "ip");
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion(TGB_API_VERSION)
                .withKind("TargetGroupBinding").withMetadata(meta(in, in.service().name(), null)).build();
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    GenericKubernetesResource secretProviderClass(RenderInput in) {
        ServiceIntent s = in.service();
        EksSecrets.Objects objects = EksSecrets.objects(s.secrets());
        List<Map<String, Object>> data = new ArrayList<>();
        objects.aliasByEnv().forEach((env, alias) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("key", env);
            d.put("objectName", alias);
            data.add(d);
        });
        Map<String, Object> secretObject = new LinkedHashMap<>();
        secretObject.put("secretName", EksSecrets.secretName(s.name()));
        secretObject.put("type", "Opaque");
        secretObject.put("data", data);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("provider", "aws");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("region", in.target().region());
        params.put("objects", objects.yaml());
        spec.put("parameters", params);
        spec.put("secretObjects", List.of(secretObject));
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion(EksSecrets.PROVIDER_API_VERSION)
                .withKind("SecretProviderClass").withMetadata(meta(in, EksSecrets.secretName(s.name()), null)).build();
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    /**
     * Static EFS provisioning: volumeHandle {@code fs-id[:path]} or {@code fs-id::fsap-id}; transit
     * encryption as the {@code tls} mount option and IAM authorization as {@code iam}, the same rules as ECS.
     */
    PersistentVolume persistentVolume(RenderInput in, EfsVolume v) {
        String handle = v.accessPointId() != null ? v.fileSystemId() + "::" + v.accessPointId()
                : v.rootDirectory() != null && !"/".equals(v.rootDirectory()) ? v.fileSystemId() + ":" + v.rootDirectory()
                : v.fileSystemId();
        List<String> mountOptions = new ArrayList<>();
        if (v.encryptInTransit()) {
            mountOptions.add("tls");
        }
        if (v.iam()) {
            mountOptions.add("iam");
        }
        ObjectMeta m = new ObjectMetaBuilder().withName(in.target().namespace() + "-" + in.service().name() + "-" + v.name())
                .withLabels(Naming.labels(in)).build();
        return new PersistentVolumeBuilder().withMetadata(m).withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("5Gi")))
                .withVolumeMode("Filesystem")
                .withAccessModes("ReadWriteMany")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName("")
                .withMountOptions(mountOptions)
                .withNewCsi().withDriver(EFS_CSI_DRIVER).withVolumeHandle(handle).endCsi()
                .endSpec().build();
    }

    PersistentVolumeClaim persistentVolumeClaim(RenderInput in, EfsVolume v) {
        return new PersistentVolumeClaimBuilder().withMetadata(meta(in, in.service().name() + "-" + v.name(), null))
                .withNewSpec().withAccessModes("ReadWriteMany").withStorageClassName("")
                .withVolumeName(in.target().namespace() + "-" + in.service().name() + "-" + v.name())
                .withNewResources().withRequests(Map.of("storage", new Quantity("5Gi"))).endResources()
                .endSpec().build();
    }
}
