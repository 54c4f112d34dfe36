package dev.uniformpipeline.core.deploy.ecs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.uniformpipeline.core.aws.AwsClients;
import dev.uniformpipeline.core.deploy.AwsJson;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.plan.CurrentState;
import dev.uniformpipeline.core.deploy.plan.LiveStateException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * The live state of one ECS target (EC2 or Fargate), read with Describe calls only, in the member names of the
 * rendered documents (see {@link CurrentState}). Nothing here changes the target.
 */
public final class EcsCurrentState implements CurrentState, AutoCloseable {
    private final String target;
    private final String cluster;
    private final String serviceName;
    private final String region;
    private final EcsClient ecs;
    private final ElasticLoadBalancingV2Client elb;
    private final CloudWatchLogsClient logs;
    private final ApplicationAutoScalingClient autoscaling;

    private EcsCurrentState(String target, String cluster, String serviceName, String region, Map<String, String> env) {
        this.target = target;
        this.cluster = cluster;
        this.serviceName = serviceName;
        this.region = region;
        this.ecs = AwsClients.build(EcsClient.builder(), "ECS", region, env);
        this.elb = AwsClients.build(ElasticLoadBalancingV2Client.builder(), "ELASTIC_LOAD_BALANCING_V2", region, env);
        this.logs = AwsClients.build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS", region, env);
        this.autoscaling = AwsClients.build(ApplicationAutoScalingClient.builder(), "APPLICATION_AUTO_SCALING", region, env);
    }

    /**
     * Connects and checks that the cluster exists (DescribeClusters).
     *
     * @param serviceName the ECS service the target deploys (its running task definition revision is the current one)
     * @throws LiveStateException the cluster is missing or inactive, the endpoint is unreachable or no credentials
     */
    public static EcsCurrentState open(String target, String cluster, String serviceName, String region,
                                       Map<String, String> env) {
        EcsCurrentState s = new EcsCurrentState(target, cluster, serviceName, region, env);
        try {
            DescribeClustersResponse r = s.call(() -> s.ecs.describeClusters(b -> b.clusters(cluster)));
            Optional<Cluster> c = r.clusters().stream().findFirst();
            if (c.isEmpty() || !"ACTIVE".equals(c.get().status())) {
                throw s.clusterMissing(null);
            }
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public Optional<JsonNode> find(ResourceRef ref) {
        return call(() -> switch (ref.kind()) {
            case ResourceRef.ECS_TASK_DEFINITION -> taskDefinition(ref.id());
            case ResourceRef.ECS_SERVICE -> service(ref.id());
            case ResourceRef.ELB_TARGET_GROUP -> targetGroup(ref.id()).map(EcsCurrentState::targetGroupJson);
            case ResourceRef.ELB_TARGET_GROUP_ATTRIBUTES -> targetGroupAttributes(ref.id());
            case ResourceRef.ELB_LISTENER_RULE -> listenerRule(ref.id());
            case ResourceRef.LOG_GROUP -> logGroup(ref.id());
            case ResourceRef.SCALABLE_TARGET -> scalableTarget(ref.id());
            case ResourceRef.SCALING_POLICY -> scalingPolicy(ref.id());
            default -> throw new IllegalArgumentException("no live reader for " + ref.kind() + " on an ECS target");
        });
    }

    /** The revision the service runs now when it runs this family, else the family's latest ACTIVE revision. */
    private Optional<JsonNode> taskDefinition(String family) {
        String wanted = family;
        Optional<JsonNode> service = service(cluster + "/" + serviceName);
        if (service.isPresent()) {
            String running = service.get().path("taskDefinition").asText("");
            // arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>
            String familyRevision = running.substring(running.lastIndexOf('/') + 1);
            if (familyRevision.startsWith(family + ":")) {
                wanted = running;
            }
        }
        String name = wanted;
        DescribeTaskDefinitionResponse r;
        try {
            r = ecs.describeTaskDefinition(b -> b.taskDefinition(name).include(TaskDefinitionField.TAGS));
        } catch (ClusterNotFoundException e) {
            throw clusterMissing(e);
        } catch (EcsException e) {
            if (e.statusCode() == 400) {
                return Optional.empty(); // ClientException: no ACTIVE revision of this family
            }
            throw e;
        }
        if (r.taskDefinition() == null) {
            return Optional.empty();
        }
        ObjectNode json = AwsJson.toJson(r.taskDefinition());
        if (r.hasTags() && !r.tags().isEmpty()) {
            json.set("tags", AwsJson.mapper().valueToTree(r.tags().stream().map(AwsJson::toJson).toList()));
        }
        return Optional.of(json);
    }

    private Optional<JsonNode> service(String id) {
        String name = id.substring(id.indexOf('/') + 1);
        DescribeServicesResponse r;
        try {
            r = ecs.describeServices(b -> b.cluster(cluster).services(name));
        } catch (ClusterNotFoundException e) {
            throw clusterMissing(e);
        }
        Optional<Service> s = r.services().stream().filter(x -> "ACTIVE".equals(x.status())).findFirst();
        return s.map(x -> {
            ObjectNode json = AwsJson.toJson(x);
            json.put("cluster", cluster);
            return json;
        });
    }

    private Optional<TargetGroup> targetGroup(String nameOrArn) {
        try {
            List<TargetGroup> groups = nameOrArn.startsWith("arn:")
                    ? elb.describeTargetGroups(b -> b.targetGroupArns(nameOrArn)).targetGroups()
                    : elb.describeTargetGroups(b -> b.names(nameOrArn)).targetGroups();
            return groups.stream().findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    private static JsonNode targetGroupJson(TargetGroup g) {
        ObjectNode json = AwsJson.toJson(g);
        json.put("Name", g.targetGroupName()); // CreateTargetGroup's member for TargetGroupName
        return json;
    }

    private Optional<JsonNode> targetGroupAttributes(String nameOrArn) {
        return targetGroup(nameOrArn).map(g -> {
            ObjectNode json = AwsJson.mapper().createObjectNode();
            elb.describeTargetGroupAttributes(b -> b.targetGroupArn(g.targetGroupArn())).attributes()
                    .forEach(a -> json.put(a.key(), a.value()));
            return json;
        });
    }

    /** id = {@code listenerArn|hostHeader|pathPattern}, as the renderer writes it. */
    private Optional<JsonNode> listenerRule(String id) {
        String[] parts = id.split("\\|", -1);
        String listener = parts[0];
        String host = parts.length > 1 ? parts[1] : "";
        String path = parts.length > 2 ? parts[2] : "";
        for (Rule rule : elb.describeRules(b -> b.listenerArn(listener)).rules()) {
            if (Boolean.TRUE.equals(rule.isDefault())) {
                continue;
            }
            if (conditionValue(rule, "host-header").equals(host) && conditionValue(rule, "path-pattern").equals(path)) {
                ObjectNode json = AwsJson.toJson(rule);
                json.put("ListenerArn", listener);
                if (rule.priority() != null && rule.priority().matches("\\d+")) {
                    json.put("Priority", Integer.parseInt(rule.priority()));
                }
                return Optional.of(json);
            }
        }
        return Optional.empty();
    }

    private static String conditionValue(Rule rule, String field) {
        for (RuleCondition c : rule.conditions()) {
            if (!field.equals(c.field())) {
                continue;
            }
            List<String> values = c.hasValues() && !c.values().isEmpty() ? c.values()
                    : field.equals("host-header") && c.hostHeaderConfig() != null ? c.hostHeaderConfig().values()
                    : field.equals("path-pattern") && c.pathPatternConfig() != null ? c.pathPatternConfig().values()
                    : List.of();
            return String.join(",", values);
        }
        return "";
    }

    /** id = {@code region/name}. */
    private Optional<JsonNode> logGroup(String id) {
        String name = id.startsWith(region + "/") ? id.substring(region.length() + 1) : id.substring(id.indexOf('/') + 1);
        Optional<LogGroup> g = logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .filter(x -> name.equals(x.logGroupName())).findFirst();
        return g.map(AwsJson::toJson);
    }

    private Optional<JsonNode> scalableTarget(String resourceId) {
        Optional<ScalableTarget> t = autoscaling.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceIds(resourceId)).scalableTargets().stream().findFirst();
        return t.map(AwsJson::toJson);
    }

    /** id = {@code resourceId/policyName}. */
    private Optional<JsonNode> scalingPolicy(String id) {
        int slash = id.lastIndexOf('/');
        String resourceId = id.substring(0, slash);
        String name = id.substring(slash + 1);
        Optional<ScalingPolicy> p = autoscaling.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resourceId).policyNames(name)).scalingPolicies().stream().findFirst();
        return p.map(AwsJson::toJson);
    }

    private LiveStateException clusterMissing(Throwable cause) {
        return new LiveStateException("ECS cluster '" + cluster + "' of target '" + target + "' does not exist (or is"
                + " inactive) in region " + region + ": create the cluster, or fix targets[" + target + "].cluster / region",
                cause);
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ClusterNotFoundException e) {
            throw clusterMissing(e);
        } catch (AwsServiceException e) {
            throw new LiveStateException("AWS refused a read for target '" + target + "' in region " + region + ": "
                    + e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage()
                    + "; the plan needs the Describe permissions of ecs, elasticloadbalancing, logs and"
                    + " application-autoscaling", e);
        } catch (SdkClientException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("credentials")) {
                throw new LiveStateException("no AWS credentials to read target '" + target + "': set AWS_ACCESS_KEY_ID"
                        + " and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where an instance/task role is available ("
                        + m + ")", e);
            }
            throw new LiveStateException("cannot reach AWS to read target '" + target + "' in region " + region + ": "
                    + m + "; check the network, AWS_ENDPOINT_URL (for local-cloud: pipeline ... --local) and the region",
                    e);
        }
    }

    @Override
    public void close() {
        ecs.close();
        elb.close();
        logs.close();
        autoscaling.close();
    }
}
