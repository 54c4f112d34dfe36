package dev.uniformpipeline.core.deploy;

import java.util.Objects;

/**
 * Identity of one cloud or cluster object a rendering describes: a kind and the id the platform knows it by.
 * The plan asks the current state for the object with this identity.
 *
 * @param kind one of the constants here, or {@code k8s:<apiVersion>/<Kind>}
 * @param id   family, {@code cluster/service}, target group name or ARN, {@code namespace/name}, ...
 */
public record ResourceRef(String kind, String id) implements Comparable<ResourceRef> {
    public static final String ECS_TASK_DEFINITION = "ecs:TaskDefinition";
    public static final String ECS_SERVICE = "ecs:Service";
    public static final String ELB_TARGET_GROUP = "elbv2:TargetGroup";
    public static final String ELB_TARGET_GROUP_ATTRIBUTES = "elbv2:TargetGroupAttributes";
    public static final String ELB_LISTENER_RULE = "elbv2:ListenerRule";
    public static final String LOG_GROUP = "logs:LogGroup";
    public static final String SCALABLE_TARGET = "application-autoscaling:ScalableTarget";
    public static final String SCALING_POLICY = "application-autoscaling:ScalingPolicy";

    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static ResourceRef k8s(String apiVersion, String kind, String namespace, String name) {
        return new ResourceRef("k8s:" + apiVersion + "/" + kind, namespace == null ? name : namespace + "/" + name);
    }

    public boolean isKubernetes() {
        return kind.startsWith("k8s:");
    }

    @Override
    public int compareTo(ResourceRef o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return kind + " " + id;
    }
}
