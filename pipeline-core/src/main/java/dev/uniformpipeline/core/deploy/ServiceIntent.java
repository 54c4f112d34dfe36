package dev.uniformpipeline.core.deploy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one service intent every target renders: the resolved {@code service} section of the pipeline file.
 * Values are already defaulted and variable-substituted; {@link IntentValidator} checks the ranges every
 * platform accepts, so a rendering never depends on which target validated first.
 *
 * @param name        service name; also the container, ECS service, Deployment and Service name
 * @param port        container port the service listens on
 * @param replicas    desired count (initial count when {@code autoscaling} is set)
 * @param cpu         vCPU for the whole task/pod (sidecars included); a multiple of 0.125
 * @param memoryMiB   memory for the whole task/pod in MiB
 * @param env         plain environment variables
 * @param secrets     environment variables taken from Secrets Manager or SSM: name to ARN
 * @param healthCheck the health gate
 * @param logging     the log sink
 * @param autoscaling scaling bounds and targets, or null
 * @param sidecars    extra containers
 * @param volumes     EFS volumes
 * @param iam         task and execution roles
 * @param stopTimeout time between SIGTERM and SIGKILL
 * @param scratchVolumes host-path and scratch (emptyDir) volumes
 * @param command     replaces the image entrypoint (ECS entryPoint, Kubernetes command); empty keeps it
 * @param args        replaces the image cmd (ECS command, Kubernetes args); empty keeps it
 */
public record ServiceIntent(
        String name,
        int port,
        int replicas,
        BigDecimal cpu,
        int memoryMiB,
        SortedMap<String, String> env,
        SortedMap<String, String> secrets,
        HealthCheck healthCheck,
        Logging logging,
        Autoscaling autoscaling,
        List<Sidecar> sidecars,
        List<EfsVolume> volumes,
        Iam iam,
        Duration stopTimeout,
        List<ScratchVolume> scratchVolumes,
        List<String> command,
        List<String> args) {

    public ServiceIntent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(logging, "logging");
        env = unmodifiableSorted(env);
        secrets = unmodifiableSorted(secrets);
        sidecars = sidecars == null ? List.of() : List.copyOf(sidecars);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        iam = iam == null ? new Iam(null, null) : iam;
        stopTimeout = stopTimeout == null ? Duration.ofSeconds(30) : stopTimeout;
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        scratchVolumes = scratchVolumes == null ? List.of() : List.copyOf(scratchVolumes);
    }

    private static SortedMap<String, String> unmodifiableSorted(Map<String, String> m) {
        return m == null ? java.util.Collections.emptySortedMap()
                : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The desired count every target starts from: {@code replicas}, kept inside the autoscaling bounds when
     * autoscaling is set (the autoscaler would move it there at once anyway).
     */
    public int initialReplicas() {
        if (autoscaling == null) {
            return replicas;
        }
        return Math.max(autoscaling.min(), Math.min(autoscaling.max(), replicas));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.port = port;
        b.replicas = replicas;
        b.cpu = cpu;
        b.memoryMiB = memoryMiB;
        b.env.putAll(env);
        b.secrets.putAll(secrets);
        b.healthCheck = healthCheck;
        b.logging = logging;
        b.autoscaling = autoscaling;
        b.sidecars.addAll(sidecars);
        b.volumes.addAll(volumes);
        b.iam = iam;
        b.stopTimeout = stopTimeout;
        b.command = command;
        b.args = args;
        b.scratchVolumes.addAll(scratchVolumes);
        return b;
    }

    /**
     * The health gate: an HTTP check on {@code path} that the load balancer, the Kubernetes probes and
     * (when {@code command} is set) the ECS container health check all run with the same timings.
     *
     * @param path               HTTP path
     * @param interval           time between checks
     * @param timeout            time a check may take
     * @param healthyThreshold   consecutive passes to become healthy
     * @param unhealthyThreshold consecutive failures to become unhealthy
     * @param gracePeriod        time after start during which failed checks do not kill the task/pod
     * @param successCodes       HTTP codes that pass, ELB matcher syntax; default {@code 200-399}, what a
     *                           Kubernetes httpGet probe accepts
     * @param command            optional container health check command (ECS {@code CMD-SHELL} form);
     *                           empty for none
     */
    public record HealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold,
                              int unhealthyThreshold, Duration gracePeriod, String successCodes,
                              List<String> command) {
        public HealthCheck {
            Objects.requireNonNull(path, "path");
            interval = interval == null ? Duration.ofSeconds(10) : interval;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
            gracePeriod = gracePeriod == null ? Duration.ZERO : gracePeriod;
            successCodes = successCodes == null ? "200-399" : successCodes;
            command = command == null ? List.of() : List.copyOf(command);
        }

        public static HealthCheck http(String path) {
            return new HealthCheck(path, null, null, 2, 3, null, null, null);
        }

        public HealthCheck withTimings(Duration interval, Duration timeout, int healthy, int unhealthy,
                                       Duration grace) {
            return new HealthCheck(path, interval, timeout, healthy, unhealthy, grace, successCodes, command);
        }

        public HealthCheck withCommand(List<String> cmd) {
            return new HealthCheck(path, interval, timeout, healthyThreshold, unhealthyThreshold, gracePeriod,
                    successCodes, cmd);
        }
    }

    /** Where logs go. */
    public enum LogDriver {
        /** CloudWatch Logs through the awslogs driver. */
        AWSLOGS("awslogs"),
        /** A Fluent Bit log router (FireLens on ECS); CloudWatch Logs unless {@code options} name another output. */
        FIRELENS("firelens"),
        /** Splunk HTTP Event Collector. */
        SPLUNK("splunk");

        private final String key;

        LogDriver(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * The log sink.
     *
     * @param driver        awslogs, firelens or splunk
     * @param group         CloudWatch log group (awslogs, firelens to CloudWatch)
     * @param streamPrefix  stream prefix; defaults to the service name (required on Fargate, so always set)
     * @param region        log region, or null for the target's region
     * @param retentionDays retention of a group the deployer creates, or null
     * @param createGroup   let the driver create the group ({@code awslogs-create-group}); the deployer
     *                      creates it otherwise
     * @param options       extra driver/output options, passed through (never secrets)
     * @param routerImage   FireLens router image
     * @param splunk        Splunk settings when {@code driver} is SPLUNK
     */
    public record Logging(LogDriver driver, String group, String streamPrefix, String region,
                          Integer retentionDays, boolean createGroup, SortedMap<String, String> options,
                          String routerImage, Splunk splunk) {
        /** Default FireLens router: AWS for Fluent Bit. Pin a digest in the pipeline file for reproducibility. */
        public static final String DEFAULT_ROUTER_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";

        public Logging {
            Objects.requireNonNull(driver, "driver");
            options = unmodifiableSorted(options);
            routerImage = routerImage == null ? DEFAULT_ROUTER_IMAGE : routerImage;
        }

        public static Logging awslogs(String group) {
            return new Logging(LogDriver.AWSLOGS, group, null, null, null, false, null, null, null);
        }

        public static Logging firelens(String group) {
            return new Logging(LogDriver.FIRELENS, group, null, null, null, false, null, null, null);
        }

        public static Logging splunk(Splunk splunk) {
            return new Logging(LogDriver.SPLUNK, null, null, null, null, false, null, null, splunk);
        }

        public Logging withStreamPrefix(String prefix) {
            return new Logging(driver, group, prefix, region, retentionDays, createGroup, options, routerImage, splunk);
        }

        public Logging withRetentionDays(Integer days) {
            return new Logging(driver, group, streamPrefix, region, days, createGroup, options, routerImage, splunk);
        }

        public Logging withCreateGroup(boolean create) {
            return new Logging(driver, group, streamPrefix, region, retentionDays, create, options, routerImage, splunk);
        }

        public Logging withOptions(Map<String, String> opts) {
            return new Logging(driver, group, streamPrefix, region, retentionDays, createGroup,
                    opts == null ? null : new TreeMap<>(opts), routerImage, splunk);
        }
    }

    /**
     * Splunk HTTP Event Collector settings. The token is only ever a secret reference.
     *
     * @param url            HEC URL, e.g. {@code https://splunk.example.com:8088}
     * @param tokenSecretArn Secrets Manager or SSM ARN holding the HEC token
     * @param index          index, or null
     * @param source         source, or null
     * @param sourceType     source type, or null
     * @param format         inline, json or raw, or null
     */
    public record Splunk(String url, String tokenSecretArn, String index, String source, String sourceType,
                         String format) {
    }

    /**
     * Target tracking bounds.
     *
     * @param min              minimum count
     * @param max              maximum count
     * @param cpuPercent       average CPU utilization target, or null
     * @param memoryPercent    average memory utilization target, or null
     * @param scaleInCooldown  cool-down after scaling in (ECS) / scale-down stabilization window (HPA)
     * @param scaleOutCooldown cool-down after scaling out (ECS)
     * @param requestsPerTarget ALB requests per target to hold (ECS only: Kubernetes has no counterpart without
     *                          an external metrics adapter), or null
     */
    public record Autoscaling(int min, int max, Integer cpuPercent, Integer memoryPercent,
                              Duration scaleInCooldown, Duration scaleOutCooldown, Integer requestsPerTarget) {
        public Autoscaling {
            scaleInCooldown = scaleInCooldown == null ? Duration.ofSeconds(300) : scaleInCooldown;
            scaleOutCooldown = scaleOutCooldown == null ? Duration.ofSeconds(60) : scaleOutCooldown;
        }

        public Autoscaling(int min, int max, Integer cpuPercent, Integer memoryPercent, Duration scaleInCooldown,
                           Duration scaleOutCooldown) {
            this(min, max, cpuPercent, memoryPercent, scaleInCooldown, scaleOutCooldown, null);
        }

        public static Autoscaling cpu(int min, int max, int percent) {
            return new Autoscaling(min, max, percent, null, null, null);
        }
    }

    /**
     * An extra container in the task/pod.
     *
     * @param name           container name
     * @param image          image reference
     * @param cpu            vCPU reserved for it (part of the task total), or null
     * @param memoryMiB      memory reserved for it (part of the task total), or null
     * @param env            environment
     * @param essential      whether the task/pod fails when it exits
     * @param startBeforeApp the application starts only after it has started (ECS dependsOn START;
     *                       Kubernetes native sidecar: an init container with restartPolicy Always)
     */
    public record Sidecar(String name, String image, BigDecimal cpu, Integer memoryMiB,
                          SortedMap<String, String> env, boolean essential, boolean startBeforeApp,
                          List<Integer> ports, List<Dependency> dependsOn) {
        public Sidecar {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(image, "image");
            env = unmodifiableSorted(env);
            ports = ports == null ? List.of() : List.copyOf(ports);
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }

        public Sidecar(String name, String image, BigDecimal cpu, Integer memoryMiB, SortedMap<String, String> env,
                       boolean essential, boolean startBeforeApp) {
            this(name, image, cpu, memoryMiB, env, essential, startBeforeApp, null, null);
        }
    }

    /**
     * The sidecar starts only once {@code container} (a sidecar name, or the service name for the application)
     * reached {@code condition}: START, COMPLETE, SUCCESS or HEALTHY (ECS dependsOn; no Kubernetes counterpart).
     */
    public record Dependency(String container, String condition) {
    }

    /**
     * A host directory ({@code hostPath} set; ecs-ec2 and eks only) or scratch space for the life of the
     * task/pod ({@code hostPath} null: ECS task volume, Kubernetes emptyDir).
     *
     * @param name         volume name
     * @param mountPath    path in the application container
     * @param readOnly     read-only mount
     * @param hostPath     host directory, or null for scratch space
     * @param sizeLimitMiB scratch size limit (Kubernetes only; ECS has no per-volume limit), or null
     */
    public record ScratchVolume(String name, String mountPath, boolean readOnly, String hostPath, Integer sizeLimitMiB) {
        public ScratchVolume {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mountPath, "mountPath");
        }
    }

    /**
     * An EFS file system mounted into the application container.
     *
     * @param name              volume name
     * @param fileSystemId      {@code fs-...}
     * @param rootDirectory     directory inside the file system, or null (must be null or "/" with an access point)
     * @param accessPointId     {@code fsap-...}, or null
     * @param iam               use the task role for EFS authorization (requires transit encryption)
     * @param transitEncryption TLS to EFS; null means enabled (secure default, required by access points and IAM)
     * @param mountPath         path inside the container
     * @param readOnly          read-only mount
     */
    public record EfsVolume(String name, String fileSystemId, String rootDirectory, String accessPointId,
                            boolean iam, Boolean transitEncryption, String mountPath, boolean readOnly) {
        public EfsVolume {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(fileSystemId, "fileSystemId");
            Objects.requireNonNull(mountPath, "mountPath");
        }

        /** Transit encryption as rendered: explicit value, else enabled. */
        public boolean encryptInTransit() {
            return transitEncryption == null || transitEncryption;
        }
    }

    /**
     * Roles. On ECS the execution role pulls the image and resolves secrets and log secrets; the task role
     * is what the application runs as. On EKS the task role becomes the ServiceAccount's IRSA role (and
     * also reads the secrets through the Secrets Store CSI driver).
     */
    public record Iam(String taskRoleArn, String executionRoleArn) {
    }

    /** Builder for {@link ServiceIntent}. */
    public static final class Builder {
        private String name;
        private int port = 8080;
        private int replicas = 1;
        private BigDecimal cpu = new BigDecimal("0.25");
        private int memoryMiB = 512;
        private final Map<String, String> env = new TreeMap<>();
        private final Map<String, String> secrets = new TreeMap<>();
        private HealthCheck healthCheck = HealthCheck.http("/");
        private Logging logging;
        private Autoscaling autoscaling;
        private final List<Sidecar> sidecars = new ArrayList<>();
        private final List<EfsVolume> volumes = new ArrayList<>();
        private Iam iam;
        private Duration stopTimeout;
        private List<String> command = List.of();
        private final List<ScratchVolume> scratchVolumes = new ArrayList<>();
        private List<String> args = List.of();

        public Builder name(String v) { name = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder replicas(int v) { replicas = v; return this; }
        public Builder cpu(String vcpu) { cpu = new BigDecimal(vcpu); return this; }
        public Builder cpu(BigDecimal vcpu) { cpu = vcpu; return this; }
        public Builder memoryMiB(int v) { memoryMiB = v; return this; }
        public Builder env(String k, String v) { env.put(k, v); return this; }
        public Builder env(Map<String, String> m) { env.clear(); env.putAll(m); return this; }
        public Builder secret(String k, String arn) { secrets.put(k, arn); return this; }
        public Builder secrets(Map<String, String> m) { secrets.clear(); secrets.putAll(m); return this; }
        public Builder healthCheck(HealthCheck v) { healthCheck = v; return this; }
        public Builder logging(Logging v) { logging = v; return this; }
        public Builder autoscaling(Autoscaling v) { autoscaling = v; return this; }
        public Builder sidecar(Sidecar v) { sidecars.add(v); return this; }
        public Builder sidecars(List<Sidecar> v) { sidecars.clear(); sidecars.addAll(v); return this; }
        public Builder volume(EfsVolume v) { volumes.add(v); return this; }
        public Builder volumes(List<EfsVolume> v) { volumes.clear(); volumes.addAll(v); return this; }
        public Builder iam(Iam v) { iam = v; return this; }
        public Builder stopTimeout(Duration v) { stopTimeout = v; return this; }
        public Builder command(List<String> v) { command = v; return this; }
        public Builder scratchVolume(ScratchVolume v) { scratchVolumes.add(v); return this; }
        public Builder scratchVolumes(List<ScratchVolume> v) { scratchVolumes.clear(); scratchVolumes.addAll(v); return this; }
        public Builder args(List<String> v) { args = v; return this; }

        public ServiceIntent build() {
            Logging l = logging != null ? logging : Logging.awslogs("/uniform/" + name);
            return new ServiceIntent(name, port, replicas, cpu, memoryMiB, new TreeMap<>(env), new TreeMap<>(secrets),
                    healthCheck, l, autoscaling, sidecars, volumes, iam, stopTimeout, scratchVolumes, command, args);
        }
    }
}
