package dev.uniformpipeline.core.deploy;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.ServiceIntent.LogDriver;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;

import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The AWS objects every target type shares: the ELB target group (the health gate the load balancer
 * applies, identical for ECS tasks and EKS pods), its deregistration delay, the listener rule, and the
 * CloudWatch log group of the log sink.
 */
public final class SharedAwsRendering {
    /** ELB attribute holding the deregistration delay. */
    public static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";

    private SharedAwsRendering() {
    }

    /** Documents and resources collected by a renderer. */
    public static final class Output {
        private final List<RenderedResource> resources = new ArrayList<>();
        private final java.util.SortedMap<String, String> documents = new java.util.TreeMap<>();

        public void add(ResourceRef ref, ObjectNode desired) {
            resources.add(new RenderedResource(ref, desired));
        }

        public void document(String name, String text) {
            if (documents.put(name, text) != null) {
                throw new IllegalStateException("document rendered twice: " + name);
            }
        }

        public RenderedTarget build(RenderInput in) {
            return new RenderedTarget(in.target().name(), in.target().type(), resources, documents);
        }
    }

    /** Load balancer problems shared by every target type. */
    public static void validateLoadBalancer(RenderInput in, Problems p, String tp) {
        LoadBalancer lb = in.target().loadBalancer();
        if (lb == null) {
            return;
        }
        p.require(lb.targetGroupArn() != null || (lb.listenerArn() != null && (lb.pathPattern() != null || lb.hostHeader() != null)),
                tp + "loadBalancer", "a load balancer needs targetGroupArn, or listenerArn with a pathPattern or host", "");
        p.require(!lb.network() || lb.targetGroupArn() != null, tp + "loadBalancer.listenerArn",
                "a Network Load Balancer listener has no path or host rules to add", "give the NLB's targetGroupArn instead");
        long d = lb.deregistrationDelay().toSeconds();
        p.require(d >= 0 && d <= 3600, tp + "loadBalancer.deregistrationDelay", "deregistration delay is 0-3600s", "");
        ServiceIntent.Autoscaling a = in.service().autoscaling();
        p.require(a == null || a.requestsPerTarget() == null || !lb.network(), "service.autoscaling.requestsPerTarget",
                "requests per target is an ALB metric; this target uses an NLB", "use cpuPercent or memoryPercent");
    }

    /** The target group ARN the service or binding should use: the existing one or the placeholder for a new one. */
    public static String targetGroupArn(RenderInput in) {
        LoadBalancer lb = in.target().loadBalancer();
        return lb.targetGroupArn() != null ? lb.targetGroupArn() : Placeholders.targetGroupArn(Naming.targetGroupName(in));
    }

    /** Renders the target group (health check), its attributes and, for a new group, the listener rule. */
    public static void loadBalancer(RenderInput in, TargetTypeEnum targetType, Output out) {
        LoadBalancer lb = in.target().loadBalancer();
        if (lb == null) {
            return;
        }
        HealthCheck h = in.service().healthCheck();
        String arn = targetGroupArn(in);
        if (lb.targetGroupArn() != null) {
            ModifyTargetGroupRequest modify = ModifyTargetGroupRequest.builder()
                    .targetGroupArn(lb.targetGroupArn())
                    .healthCheckProtocol(ProtocolEnum.HTTP)
                    .healthCheckPort("traffic-port")
                    .healthCheckPath(h.path())
                    .healthCheckEnabled(true)
                    .healthCheckIntervalSeconds((int) h.interval().toSeconds())
                    .healthCheckTimeoutSeconds((int) h.timeout().toSeconds())
                    .healthyThresholdCount(h.healthyThreshold())
                    .unhealthyThresholdCount(h.unhealthyThreshold())
                    .matcher(Matcher.builder().httpCode(h.successCodes()).build())
                    .build();
            ObjectNode json = AwsJson.toJson(modify);
            out.add(new ResourceRef(ResourceRef.ELB_TARGET_GROUP, lb.targetGroupArn()), withoutKey(json, "TargetGroupArn"));
            out.document("elbv2/modify-target-group.json", AwsJson.text(json));
        } else {
            String name = Naming.targetGroupName(in);
            CreateTargetGroupRequest create = CreateTargetGroupRequest.builder()
                    .name(name)
                    .protocol(lb.network() ? ProtocolEnum.TCP : ProtocolEnum.HTTP)
                    .port(in.service().port())
                    .vpcId(lb.vpcId() != null ? lb.vpcId() : Placeholders.listenerVpcId(lb.listenerArn()))
                    .targetType(targetType)
                    .healthCheckProtocol(ProtocolEnum.HTTP)
                    .healthCheckPort("traffic-port")
                    .healthCheckPath(h.path())
                    .healthCheckEnabled(true)
                    .healthCheckIntervalSeconds((int) h.interval().toSeconds())
                    .healthCheckTimeoutSeconds((int) h.timeout().toSeconds())
                    .healthyThresholdCount(h.healthyThreshold())
                    .unhealthyThresholdCount(h.unhealthyThreshold())
                    .matcher(Matcher.builder().httpCode(h.successCodes()).build())
                    .build();
            ObjectNode json = AwsJson.toJson(create);
            out.add(new ResourceRef(ResourceRef.ELB_TARGET_GROUP, name), json);
            out.document("elbv2/create-target-group.json", AwsJson.text(json));

            List<RuleCondition> conditions = new ArrayList<>();
            if (lb.pathPattern() != null) {
                conditions.add(RuleCondition.builder().field("path-pattern")
                        .pathPatternConfig(c -> c.values(lb.pathPattern())).build());
            }
            if (lb.hostHeader() != null) {
                conditions.add(RuleCondition.builder().field("host-header")
                        .hostHeaderConfig(c -> c.values(lb.hostHeader())).build());
            }
            CreateRuleRequest rule = CreateRuleRequest.builder()
                    .listenerArn(lb.listenerArn())
                    .priority(lb.priority())
                    .conditions(conditions)
                    .actions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(arn).build())
                    .build();
            ObjectNode ruleJson = AwsJson.toJson(rule);
            String ruleId = lb.listenerArn() + "|" + (lb.hostHeader() == null ? "" : lb.hostHeader()) + "|"
                    + (lb.pathPattern() == null ? "" : lb.pathPattern());
            out.add(new ResourceRef(ResourceRef.ELB_LISTENER_RULE, ruleId), ruleJson);
            out.document("elbv2/create-rule.json", AwsJson.text(ruleJson));
        }
        ModifyTargetGroupAttributesRequest attrs = ModifyTargetGroupAttributesRequest.builder()
                .targetGroupArn(arn)
                .attributes(TargetGroupAttribute.builder().key(DEREGISTRATION_DELAY)
                        .value(Long.toString(lb.deregistrationDelay().toSeconds())).build())
                .build();
        ObjectNode attrsJson = AwsJson.toJson(attrs);
        ObjectNode attrsDesired = AwsJson.mapper().createObjectNode();
        attrsDesired.put(DEREGISTRATION_DELAY, Long.toString(lb.deregistrationDelay().toSeconds()));
        out.add(new ResourceRef(ResourceRef.ELB_TARGET_GROUP_ATTRIBUTES,
                lb.targetGroupArn() != null ? lb.targetGroupArn() : Naming.targetGroupName(in)), attrsDesired);
        out.document("elbv2/modify-target-group-attributes.json", AwsJson.text(attrsJson));
    }

    /** Whether the log sink writes to a CloudWatch log group (awslogs, or FireLens without another output). */
    public static boolean logsToCloudWatch(Logging l) {
        return l.driver() == LogDriver.AWSLOGS
                || (l.driver() == LogDriver.FIRELENS && (!l.options().containsKey("Name") || "cloudwatch_logs".equals(l.options().get("Name"))));
    }

    /**
     * The log group the deployer makes sure exists (with retention) before anything writes to it, so a
     * missing group never stops a container from starting.
     */
    public static void logGroup(RenderInput in, Output out) {
        Logging l = in.service().logging();
        if (!logsToCloudWatch(l) || l.group() == null) {
            return;
        }
        CreateLogGroupRequest create = CreateLogGroupRequest.builder().logGroupName(l.group()).build();
        out.document("logs/create-log-group.json", AwsJson.text(AwsJson.toJson(create)));
        ObjectNode desired = AwsJson.toJson(create);
        if (l.retentionDays() != null) {
            PutRetentionPolicyRequest retention = PutRetentionPolicyRequest.builder()
                    .logGroupName(l.group()).retentionInDays(l.retentionDays()).build();
            out.document("logs/put-retention-policy.json", AwsJson.text(AwsJson.toJson(retention)));
            desired.put("retentionInDays", l.retentionDays());
        }
        out.add(new ResourceRef(ResourceRef.LOG_GROUP, in.logRegion() + "/" + l.group()), desired);
    }

    private static ObjectNode withoutKey(ObjectNode n, String key) {
        ObjectNode c = n.deepCopy();
        c.remove(key);
        return c;
    }
}
