package dev.uniformpipeline.core.deploy;

/**
 * Values only known after an earlier call of the same deploy. Renderings write these markers; the deployer
 * replaces each with the ARN the earlier call returned before sending the document.
 * <ul>
 *   <li>{@code {{ecs:TaskDefinition/<family>.arn}}}: the ARN RegisterTaskDefinition returned</li>
 *   <li>{@code {{elbv2:TargetGroup/<name>.arn}}}: the ARN CreateTargetGroup returned</li>
 *   <li>{@code {{elbv2:TargetGroup/<arn>.resourceLabel}}}: the ALBRequestCountPerTarget resource label</li>
 *   <li>{@code {{elbv2:Listener/<listener arn>.vpcId}}}: the VPC of the listener's load balancer
 *       (DescribeListeners, then DescribeLoadBalancers), when the pipeline file names no VPC</li>
 * </ul>
 */
public final class Placeholders {
    private Placeholders() {
    }

    public static String taskDefinitionArn(String family) {
        return "{{" + ResourceRef.ECS_TASK_DEFINITION + "/" + family + ".arn}}";
    }

    public static String targetGroupArn(String name) {
        return "{{" + ResourceRef.ELB_TARGET_GROUP + "/" + name + ".arn}}";
    }

    public static String listenerVpcId(String listenerArn) {
        return "{{elbv2:Listener/" + listenerArn + ".vpcId}}";
    }

    /**
     * {@code app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>} for ALBRequestCountPerTarget: the ends of the
     * load balancer and target group ARNs (the load balancer is found from the target group).
     */
    public static String targetGroupResourceLabel(String targetGroupArnOrPlaceholder) {
        return "{{" + ResourceRef.ELB_TARGET_GROUP + "/" + targetGroupArnOrPlaceholder + ".resourceLabel}}";
    }

    public static boolean isPlaceholder(String value) {
        return value != null && value.startsWith("{{") && value.endsWith("}}");
    }
}
