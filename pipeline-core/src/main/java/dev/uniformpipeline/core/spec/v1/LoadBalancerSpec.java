package dev.uniformpipeline.core.spec.v1;

/**
 * The load balancer a target's service registers with. Either an existing target group
 * ({@code targetGroupArn}) or a listener on which the pipeline creates a rule and target group
 * ({@code listenerArn} plus, for ALB, {@code pathPattern} and/or {@code host}). Classic Load Balancers are
 * refused.
 *
 * @param type           {@code alb} or {@code nlb}
 * @param listenerArn    listener ARN ({@code arn:aws:elasticloadbalancing:...:listener/...})
 * @param targetGroupArn target group ARN ({@code ...:targetgroup/...})
 * @param pathPattern    ALB path-pattern condition, e.g. {@code /orders/*}
 * @param host           ALB host-header condition, e.g. {@code orders.example.com}
 * @param priority       ALB rule priority 1-50000; null lets the pipeline choose a free one
 * @param containerPort  container port to register; default {@code service.port}
 */
public record LoadBalancerSpec(
        @Default("alb") LoadBalancerType type,
        @Nullable String listenerArn,
        @Nullable String targetGroupArn,
        @Nullable String pathPattern,
        @Nullable String host,
        @Nullable Integer priority,
        @Nullable Integer containerPort) {
}
