package dev.uniformpipeline.localcloud.faults;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * AWS's documented API rate limits (token bucket per account and region), keyed by signing name and action.
 * ECS: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html (AWS-FACTS §2).
 * CloudWatch Logs: CreateLogStream 50 TPS (CreateLogStream API reference). ECR: GetAuthorizationToken 20 TPS
 * with a burst of 200 (https://docs.aws.amazon.com/AmazonECR/latest/userguide/common-errors.html). Actions not listed are not
 * throttled by the table; tests add their own rules with {@link Faults#throttle}.
 */
final class AwsRateTable {
    private static final Map<String, ThrottleRule> RULES = new HashMap<>();

    static {
        ThrottleRule clusterRead = new ThrottleRule("ecs:cluster-read", 50, 20);
        ThrottleRule clusterModify = new ThrottleRule("ecs:cluster-modify", 20, 1);
        ThrottleRule taskDefRead = new ThrottleRule("ecs:task-definition-read", 50, 20);
        ThrottleRule taskDefModify = new ThrottleRule("ecs:task-definition-modify", 20, 1);
        ThrottleRule resourceRead = new ThrottleRule("ecs:cluster-resource-read", 100, 20);
        ThrottleRule resourceModify = new ThrottleRule("ecs:cluster-resource-modify", 100, 40);
        ThrottleRule serviceRead = new ThrottleRule("ecs:service-read", 100, 20);
        ThrottleRule serviceModify = new ThrottleRule("ecs:service-modify", 50, 5);
        ThrottleRule tagModify = new ThrottleRule("ecs:tag-modify", 20, 10);
        ThrottleRule tagRead = new ThrottleRule("ecs:tag-read", 50, 20);
        put("ecs", clusterRead, "DescribeClusters", "ListClusters");
        put("ecs", clusterModify, "CreateCluster", "DeleteCluster", "UpdateCluster", "PutClusterCapacityProviders",
                "UpdateClusterSettings");
        put("ecs", taskDefRead, "DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies");
        put("ecs", taskDefModify, "RegisterTaskDefinition", "DeregisterTaskDefinition");
        put("ecs", resourceRead, "DescribeTasks", "ListTasks", "DescribeContainerInstances", "ListContainerInstances");
        put("ecs", resourceModify, "RunTask", "StartTask", "StopTask", "ExecuteCommand");
        put("ecs", serviceRead, "DescribeServices", "ListServices");
        put("ecs", serviceModify, "CreateService", "UpdateService", "DeleteService");
        put("ecs", tagModify, "TagResource", "UntagResource");
        put("ecs", tagRead, "ListTagsForResource");
        put("logs", new ThrottleRule("logs:CreateLogStream", 50, 50), "CreateLogStream");
        put("ecr", new ThrottleRule("ecr:GetAuthorizationToken", 200, 20), "GetAuthorizationToken");
    }

    private AwsRateTable() {
    }

    private static void put(String service, ThrottleRule rule, String... actions) {
        for (String a : actions) {
            RULES.put(service + ":" + a, rule);
        }
    }

    static Optional<ThrottleRule> rule(String service, String action) {
        return Optional.ofNullable(RULES.get(service + ":" + action));
    }
}
