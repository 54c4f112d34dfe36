package dev.uniformpipeline.core.spec.v1;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The service intent every target renders: an ECS service + task definition (EC2 or Fargate) or a
 * Kubernetes Deployment + Service on EKS. Written once at the top level; each target may override parts of
 * it under its own {@code service:} key (merged by the loader into {@link TargetSpec#service()}).
 *
 * @param port        container port the application listens on; required when a load balancer or an HTTP
 *                    health check is used
 * @param replicas    desired task/pod count (0 allowed); ignored as a starting point when autoscaling is set
 * @param cpu         task/pod CPU in vCPU ({@code 0.25}) or millicores ({@code 250m}); on Fargate it must be a
 *                    Fargate size and pair with {@code memory}
 * @param memory      task/pod memory ({@code 512MiB}, {@code 1GiB}, or a number of MiB)
 * @param command     replaces the image entrypoint
 * @param args        replaces the image cmd
 * @param env         plain environment variables (no secrets: use {@code secrets})
 * @param secrets     environment variables filled from Secrets Manager or SSM Parameter Store ARNs at start
 * @param healthCheck the health gate; null means the platform's defaults (no HTTP check)
 * @param logging     where container logs go
 * @param volumes     volumes mounted into the application container
 * @param autoscaling target tracking; null means a fixed replica count
 * @param iam         task role and execution role
 * @param sidecars    extra containers in the same task/pod
 * @param stopTimeout time between SIGTERM and SIGKILL (Fargate: at most 120s); null keeps the platform default
 */
public record ServiceSpec(
        @Nullable Integer port,
        @Default("1") Integer replicas,
        @Default("0.25") CpuQuantity cpu,
        @Default("512MiB") MemorySize memory,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        Map<String, SecretRef> secrets,
        @Nullable HealthCheckSpec healthCheck,
        LoggingSpec logging,
        List<VolumeSpec> volumes,
        @Nullable AutoscalingSpec autoscaling,
        IamSpec iam,
        List<SidecarSpec> sidecars,
        @Nullable Duration stopTimeout) {
    public ServiceSpec {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Util.copy(env);
        secrets = secrets == null ? Map.of() : Util.copy(secrets);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        sidecars = sidecars == null ? List.of() : List.copyOf(sidecars);
    }
}
