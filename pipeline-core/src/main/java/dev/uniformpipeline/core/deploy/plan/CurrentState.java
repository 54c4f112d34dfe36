package dev.uniformpipeline.core.deploy.plan;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uniformpipeline.core.deploy.ResourceRef;

/**
 * What exists now for one target, filled by the deployer with Describe/GET calls (tests use a fake). Each
 * object is returned in the platform's own member names, as the describe call answers, so it can be compared
 * with the rendering field by field:
 * <ul>
 *   <li>{@code ecs:TaskDefinition} (id = family): the {@code taskDefinition} member of DescribeTaskDefinition for
 *       the revision the service runs now (no service: the family's latest ACTIVE revision), with {@code tags}
 *       when asked for with {@code include=TAGS}</li>
 *   <li>{@code ecs:Service} (id = cluster/service): {@code services[0]} of DescribeServices; a DRAINING or
 *       INACTIVE service, or a {@code MISSING} failure, is absent</li>
 *   <li>{@code elbv2:TargetGroup} (id = ARN or name): {@code TargetGroups[0]} of DescribeTargetGroups</li>
 *   <li>{@code elbv2:TargetGroupAttributes}: an object of attribute key to value from DescribeTargetGroupAttributes</li>
 *   <li>{@code elbv2:ListenerRule}: the Rules entry of DescribeRules whose conditions match</li>
 *   <li>{@code logs:LogGroup} (id = region/name): the DescribeLogGroups entry</li>
 *   <li>{@code application-autoscaling:*}: the DescribeScalableTargets / DescribeScalingPolicies entry</li>
 *   <li>{@code k8s:*} (id = namespace/name): the object as the API server returns it</li>
 * </ul>
 */
public interface CurrentState {
    /** The live object with this identity, or empty when it does not exist. */
    Optional<JsonNode> find(ResourceRef ref);

    /** A target where nothing exists yet. */
    static CurrentState empty() {
        return ref -> Optional.empty();
    }
}
