package dev.uniformpipeline.core.spec.v1;

import java.time.Duration;
import java.util.List;

/**
 * The health gate, rendered as the load balancer target-group check (ECS) or readiness/liveness probes
 * (EKS), and used by the rollout verdict. Ranges follow Elastic Load Balancing: interval 5s-300s, timeout
 * 2s-120s and shorter than the interval, thresholds 2-10. With {@code command} it is also a container health
 * check (ECS limits: interval 5s-300s, timeout 2s-60s, retries 1-10, start period 0-300s).
 *
 * @param path               HTTP path, starting with '/'; null means a TCP check (NLB) or command-only
 * @param port               port to check; default the service port
 * @param interval           time between checks
 * @param timeout            time a check may take; shorter than {@code interval}
 * @param healthyThreshold   consecutive passes to become healthy (2-10)
 * @param unhealthyThreshold consecutive failures to become unhealthy (2-10)
 * @param gracePeriod        time after start during which failed checks do not replace the task/pod
 *                           (ECS healthCheckGracePeriodSeconds, Kubernetes startup allowance)
 * @param matcher            HTTP codes that count as healthy: {@code 200}, {@code 200,204}, {@code 200-299}
 *                           (ALB 200-499, NLB 200-599)
 * @param command            container health check command (CMD-SHELL form when one element)
 */
public record HealthCheckSpec(
        @Nullable String path,
        @Nullable Integer port,
        @Default("15s") Duration interval,
        @Default("5s") Duration timeout,
        @Default("2") Integer healthyThreshold,
        @Default("3") Integer unhealthyThreshold,
        @Default("60s") Duration gracePeriod,
        @Default("200-399") String matcher,
        List<String> command) {
    public HealthCheckSpec {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
