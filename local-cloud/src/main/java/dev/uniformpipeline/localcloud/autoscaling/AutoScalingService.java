package dev.uniformpipeline.localcloud.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ServiceContext;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import dev.uniformpipeline.localcloud.support.Fields;
import dev.uniformpipeline.localcloud.support.Json;
import dev.uniformpipeline.localcloud.support.Schedule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Application Auto Scaling (JSON 1.1, {@code AnyScaleFrontendService}) as the pipeline uses it for ECS services:
 * scalable targets, target-tracking and step-scaling policies and scheduled actions, validated and stored
 * (AWS-FACTS §7). Nothing is scaled: there are no CloudWatch metrics here.
 */
public final class AutoScalingService implements JsonProtocolService, StatefulService {
    static final Set<String> NAMESPACES = Set.of("ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds",
            "sagemaker", "custom-resource", "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune");
    static final Set<String> ECS_METRICS = Set.of("ECSServiceAverageCPUUtilization",
            "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget");
    private static final Pattern ECS_RESOURCE = Pattern.compile("service/[A-Za-z0-9_-]{1,255}/[A-Za-z0-9_-]{1,255}");
    private static final Pattern RESOURCE_LABEL = Pattern.compile(
            "app/[A-Za-z0-9-]{1,32}/[0-9a-f]+/targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]+");
    private static final Pattern NAME = Pattern.compile("\\p{Print}+");
    private static final Fields F = new Fields("ValidationException");

    private final CloudClock clock;
    /** account/region/namespace/resourceId/dimension → target. */
    private final Map<String, ObjectNode> targets = new LinkedHashMap<>();
    /** target key + "/" + policy name → policy. */
    private final Map<String, ObjectNode> policies = new LinkedHashMap<>();
    /** target key + "/" + action name → scheduled action. */
    private final Map<String, ObjectNode> scheduled = new LinkedHashMap<>();

    public AutoScalingService(ServiceContext context) {
        this.clock = context.clock();
    }

    @Override
    public String signingName() {
        return "application-autoscaling";
    }

    @Override
    public String targetPrefix() {
        return "AnyScaleFrontendService";
    }

    @Override
    public synchronized JsonNode call(String operation, JsonNode in, RequestContext ctx) throws AwsException {
        return switch (operation) {
            case "RegisterScalableTarget" -> registerScalableTarget(in, ctx);
            case "DescribeScalableTargets" -> describe(in, ctx, targets, "ScalableTargets", null);
            case "DeregisterScalableTarget" -> deregisterScalableTarget(in, ctx);
            case "PutScalingPolicy" -> putScalingPolicy(in, ctx);
            case "DescribeScalingPolicies" -> describe(in, ctx, policies, "ScalingPolicies", "PolicyNames");
            case "DeleteScalingPolicy" -> deleteNamed(in, ctx, policies, "PolicyName", "scaling policy");
            case "PutScheduledAction" -> putScheduledAction(in, ctx);
            case "DescribeScheduledActions" -> describe(in, ctx, scheduled, "ScheduledActions",
                    "ScheduledActionNames");
            case "DeleteScheduledAction" -> deleteNamed(in, ctx, scheduled, "ScheduledActionName", "scheduled action");
            default -> throw AwsException.client("UnknownOperationException",
                    "local-cloud Application Auto Scaling does not implement " + operation);
        };
    }

    // ---------------------------------------------------------------- targets

    /** Namespace, resource id and dimension, validated; ECS resources must look like service/cluster/service. */
    private record TargetId(String namespace, String resourceId, String dimension) {
        String describe() {
            return "service namespace: " + namespace + ", resource ID: " + resourceId + ", scalable dimension: "
                    + dimension;
        }
    }

    private static TargetId targetId(JsonNode in) throws AwsException {
        String ns = F.required(in, "ServiceNamespace");
        String resourceId = F.required(in, "ResourceId");
        String dim = F.required(in, "ScalableDimension");
        namespace(ns);
        F.length("resourceId", resourceId, 1, 1600);
        if (ns.equals("ecs")) {
            if (!dim.equals("ecs:service:DesiredCount")) {
                throw F.invalid("Unsupported scalable dimension " + dim + " for service namespace ecs; use "
                        + "ecs:service:DesiredCount");
            }
            if (!ECS_RESOURCE.matcher(resourceId).matches()) {
                throw F.invalid("Unsupported resource ID " + resourceId + " for service namespace ecs; expected "
                        + "service/<cluster-name>/<service-name>");
            }
        } else if (!dim.startsWith(ns + ":")) {
            throw F.invalid("Unsupported scalable dimension " + dim + " for service namespace " + ns);
        }
        return new TargetId(ns, resourceId, dim);
    }

    private static void namespace(String ns) throws AwsException {
        if (!NAMESPACES.contains(ns)) {
            throw F.constraint("serviceNamespace", ns, "Member must satisfy enum value set: " + NAMESPACES);
        }
    }

    private static String key(RequestContext ctx, TargetId t) {
        return ctx.accountId() + "/" + ctx.region() + "/" + t.namespace() + "/" + t.resourceId() + "/"
                + t.dimension();
    }

    private ObjectNode existingTarget(RequestContext ctx, TargetId t) throws AwsException {
        ObjectNode target = targets.get(key(ctx, t));
        if (target == null) {
            throw AwsException.client("ObjectNotFoundException", "No scalable target registered for " + t.describe());
        }
        return target;
    }

    private JsonNode registerScalableTarget(JsonNode in, RequestContext ctx) throws AwsException {
        TargetId t = targetId(in);
        Integer min = F.optionalInt(in, "MinCapacity");
        Integer max = F.optionalInt(in, "MaxCapacity");
        F.range("minCapacity", min, 0, Integer.MAX_VALUE);
        F.range("maxCapacity", max, 0, Integer.MAX_VALUE);
        String k = key(ctx, t);
        ObjectNode existing = targets.get(k);
        if (existing == null && (min == null || max == null)) {
            throw F.invalid("MinCapacity and MaxCapacity are required to register a new scalable target ("
                    + t.describe() + ")");
        }
        int newMin = min != null ? min : existing.get("MinCapacity").asInt();
        int newMax = max != null ? max : existing.get("MaxCapacity").asInt();
        if (newMin > newMax) {
            throw F.invalid("Minimum capacity (" + newMin + ") cannot be greater than maximum capacity (" + newMax
                    + ")");
        }
        ObjectNode target = existing != null ? existing : Json.MAPPER.createObjectNode();
        target.put("ServiceNamespace", t.namespace()).put("ResourceId", t.resourceId())
                .put("ScalableDimension", t.dimension()).put("MinCapacity", newMin).put("MaxCapacity", newMax);
        String role = F.optional(in, "RoleARN");
        if (role != null) {
            target.put("RoleARN", role);
        } else if (!target.has("RoleARN")) {
            target.put("RoleARN", "arn:aws:iam::" + ctx.accountId() + ":role/aws-service-role/"
                    + (t.namespace().equals("ecs") ? "ecs.application-autoscaling.amazonaws.com/"
                    + "AWSServiceRoleForApplicationAutoScaling_ECSService"
                    : t.namespace() + ".application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling"));
        }
        if (!target.has("CreationTime")) {
            target.set("CreationTime", Json.epochSeconds(clock.now()));
        }
        JsonNode suspended = in.get("SuspendedState");
        if (suspended != null && suspended.isObject()) {
            ObjectNode s = target.has("SuspendedState") ? (ObjectNode) target.get("SuspendedState")
                    : target.putObject("SuspendedState");
            for (String f : List.of("DynamicScalingInSuspended", "DynamicScalingOutSuspended",
                    "ScheduledScalingSuspended")) {
                if (suspended.has(f)) {
                    s.put(f, suspended.get(f).asBoolean());
                }
            }
        } else if (!target.has("SuspendedState")) {
            target.putObject("SuspendedState").put("DynamicScalingInSuspended", false)
                    .put("DynamicScalingOutSuspended", false).put("ScheduledScalingSuspended", false);
        }
        targets.put(k, target);
        return Json.MAPPER.createObjectNode();
    }

    private JsonNode deregisterScalableTarget(JsonNode in, RequestContext ctx) throws AwsException {
        TargetId t = targetId(in);
        existingTarget(ctx, t);
        String k = key(ctx, t);
        targets.remove(k);
        policies.keySet().removeIf(p -> p.startsWith(k + "/"));
        scheduled.keySet().removeIf(p -> p.startsWith(k + "/"));
        return Json.MAPPER.createObjectNode();
    }

    // ---------------------------------------------------------------- describe (shared)

    private JsonNode describe(JsonNode in, RequestContext ctx, Map<String, ObjectNode> store, String listName,
            String namesField) throws AwsException {
        String ns = F.required(in, "ServiceNamespace");
        namespace(ns);
        List<String> resourceIds = namesField == null ? F.stringList(in, "ResourceIds") : List.of();
        String resourceId = namesField == null ? null : F.optional(in, "ResourceId");
        String dim = F.optional(in, "ScalableDimension");
        List<String> names = namesField == null ? List.of() : F.stringList(in, namesField);
        Integer maxResults = F.optionalInt(in, "MaxResults");
        F.range("maxResults", maxResults, 1, namesField == null ? 50 : 50);
        int max = maxResults == null ? 50 : maxResults;
        int offset = 0;
        String token = F.optional(in, "NextToken");
        if (token != null) {
            try {
                offset = Integer.parseInt(new String(java.util.Base64.getDecoder().decode(token),
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw AwsException.client("InvalidNextTokenException", "Invalid token");
            }
        }
        String prefix = ctx.accountId() + "/" + ctx.region() + "/" + ns + "/";
        List<ObjectNode> hits = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : store.entrySet()) {
            ObjectNode o = e.getValue();
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            if (!resourceIds.isEmpty() && !resourceIds.contains(o.path("ResourceId").asText())) {
                continue;
            }
            if (resourceId != null && !resourceId.equals(o.path("ResourceId").asText())) {
                continue;
            }
            if (dim != null && !dim.equals(o.path("ScalableDimension").asText())) {
                continue;
            }
            String nameKey = "ScalingPolicies".equals(listName) ? "PolicyName" : "ScheduledActionName";
            if (!names.isEmpty() && !names.contains(o.path(nameKey).asText())) {
                continue;
            }
            hits.add(o);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray(listName);
        for (int i = offset; i < hits.size() && i < offset + max; i++) {
            arr.add(hits.get(i).deepCopy());
        }
        if (offset + max < hits.size()) {
            out.put("NextToken", java.util.Base64.getEncoder().encodeToString(Integer.toString(offset + max)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    private JsonNode deleteNamed(JsonNode in, RequestContext ctx, Map<String, ObjectNode> store, String nameField,
            String what) throws AwsException {
        String name = F.required(in, nameField);
        TargetId t = targetId(in);
        if (store.remove(key(ctx, t) + "/" + name) == null) {
            throw AwsException.client("ObjectNotFoundException", "No " + what + " found for " + t.describe() + ", "
                    + (what.startsWith("scaling") ? "policy name" : "scheduled action name") + ": " + name);
        }
        return Json.MAPPER.createObjectNode();
    }

    // ---------------------------------------------------------------- policies

    private JsonNode putScalingPolicy(JsonNode in, RequestContext ctx) throws AwsException {
        String name = F.required(in, "PolicyName");
        F.length("policyName", name, 1, 256);
        F.pattern("policyName", name, NAME);
        TargetId t = targetId(in);
        String type = F.optional(in, "PolicyType");
        if (type == null) {
            type = "StepScaling";
        }
        if (!type.equals("StepScaling") && !type.equals("TargetTrackingScaling")) {
            throw F.constraint("policyType", type, "Member must satisfy enum value set: [StepScaling, "
                    + "TargetTrackingScaling]");
        }
        JsonNode step = in.get("StepScalingPolicyConfiguration");
        JsonNode tracking = in.get("TargetTrackingScalingPolicyConfiguration");
        ArrayNode alarms = Json.MAPPER.createArrayNode();
        if (type.equals("TargetTrackingScaling")) {
            if (step != null && !step.isNull()) {
                throw F.invalid("StepScalingPolicyConfiguration is not allowed for a TargetTrackingScaling policy");
            }
            if (tracking == null || !tracking.isObject()) {
                throw F.invalid("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling "
                        + "policy");
            }
            validateTargetTracking(t, tracking);
            String suffix = UUID.randomUUID().toString();
            String base = "TargetTracking-" + t.resourceId() + "-Alarm";
            List<String> kinds = tracking.path("DisableScaleIn").asBoolean(false) ? List.of("High")
                    : List.of("High", "Low");
            for (String kind : kinds) {
                String alarm = base + kind + "-" + suffix;
                alarms.addObject().put("AlarmName", alarm).put("AlarmARN", "arn:aws:cloudwatch:" + ctx.region() + ":"
                        + ctx.accountId() + ":alarm:" + alarm);
            }
        } else {
            if (tracking != null && !tracking.isNull()) {
                throw F.invalid("TargetTrackingScalingPolicyConfiguration is not allowed for a StepScaling policy");
            }
            if (step == null || !step.isObject()) {
                throw F.invalid("StepScalingPolicyConfiguration is required for a StepScaling policy");
            }
            validateStep(step);
        }
        ObjectNode target = existingTarget(ctx, t);
        String k = key(ctx, t) + "/" + name;
        ObjectNode policy = policies.get(k);
        String arn = policy != null ? policy.get("PolicyARN").asText()
                : "arn:aws:autoscaling:" + ctx.region() + ":" + ctx.accountId() + ":scalingPolicy:" + UUID.randomUUID()
                + ":resource/" + t.namespace() + "/" + t.resourceId() + ":policyName/" + name;
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("PolicyARN", arn).put("PolicyName", name).put("ServiceNamespace", t.namespace())
                .put("ResourceId", t.resourceId()).put("ScalableDimension", target.get("ScalableDimension").asText())
                .put("PolicyType", type);
        if (type.equals("StepScaling")) {
            p.set("StepScalingPolicyConfiguration", step.deepCopy());
        } else {
            p.set("TargetTrackingScalingPolicyConfiguration", tracking.deepCopy());
        }
        p.set("Alarms", alarms);
        p.set("CreationTime", policy != null ? policy.get("CreationTime") : Json.epochSeconds(clock.now()));
        policies.put(k, p);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("PolicyARN", arn);
        out.set("Alarms", alarms.deepCopy());
        return out;
    }

    private static void validateTargetTracking(TargetId t, JsonNode c) throws AwsException {
        JsonNode tv = c.get("TargetValue");
        if (tv == null || tv.isNull()) {
            throw F.constraint("targetTrackingScalingPolicyConfiguration.targetValue", null, "Member must not be "
                    + "null");
        }
        if (!tv.isNumber() || tv.doubleValue() < 8.515920e-109 || tv.doubleValue() > 1.174271e+108) {
            throw F.invalid("TargetValue must be between 8.515920e-109 and 1.174271e+108, got " + tv.asText());
        }
        JsonNode pre = c.get("PredefinedMetricSpecification");
        JsonNode custom = c.get("CustomizedMetricSpecification");
        boolean hasPre = pre != null && !pre.isNull();
        boolean hasCustom = custom != null && !custom.isNull();
        if (hasPre == hasCustom) {
            throw F.invalid("Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be "
                    + "specified");
        }
        if (hasPre) {
            String metric = F.required(pre, "PredefinedMetricType");
            String label = F.optional(pre, "ResourceLabel");
            if (t.namespace().equals("ecs") && !ECS_METRICS.contains(metric)) {
                throw F.invalid("Unsupported metric type " + metric + " for service namespace ecs; use one of "
                        + "ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, "
                        + "ALBRequestCountPerTarget");
            }
            if (metric.equals("ALBRequestCountPerTarget")) {
                if (label == null) {
                    throw F.invalid("ResourceLabel is required for the predefined metric type ALBRequestCountPerTarget"
                            + " (app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/"
                            + "<target-group-id>)");
                }
                if (!RESOURCE_LABEL.matcher(label).matches()) {
                    throw F.invalid("Invalid ResourceLabel " + label + "; expected app/<load-balancer-name>/"
                            + "<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>, the final parts "
                            + "of the load balancer and target group ARNs");
                }
            } else if (label != null) {
                throw F.invalid("ResourceLabel is only allowed with the predefined metric type "
                        + "ALBRequestCountPerTarget, not " + metric);
            }
        } else {
            if (!custom.isObject() || (!custom.has("MetricName") && !custom.has("Metrics"))) {
                throw F.invalid("CustomizedMetricSpecification needs MetricName, Namespace and Statistic (or "
                        + "Metrics)");
            }
        }
        for (String cd : List.of("ScaleOutCooldown", "ScaleInCooldown")) {
            JsonNode v = c.get(cd);
            if (v != null && !v.isNull() && (!v.canConvertToInt() || v.asInt() < 0)) {
                throw F.invalid(cd + " must be a non-negative number of seconds, got " + v.asText());
            }
        }
    }

    private static void validateStep(JsonNode c) throws AwsException {
        String adj = F.optional(c, "AdjustmentType");
        if (adj == null) {
            throw F.invalid("StepScalingPolicyConfiguration.AdjustmentType is required (ChangeInCapacity, "
                    + "PercentChangeInCapacity or ExactCapacity)");
        }
        if (!Set.of("ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity").contains(adj)) {
            throw F.constraint("stepScalingPolicyConfiguration.adjustmentType", adj, "Member must satisfy enum value "
                    + "set: [ChangeInCapacity, PercentChangeInCapacity, ExactCapacity]");
        }
        String agg = F.optional(c, "MetricAggregationType");
        if (agg != null && !Set.of("Average", "Minimum", "Maximum").contains(agg)) {
            throw F.constraint("stepScalingPolicyConfiguration.metricAggregationType", agg, "Member must satisfy "
                    + "enum value set: [Average, Minimum, Maximum]");
        }
        if (c.has("MinAdjustmentMagnitude") && !adj.equals("PercentChangeInCapacity")) {
            throw F.invalid("MinAdjustmentMagnitude is only allowed with AdjustmentType PercentChangeInCapacity");
        }
        JsonNode steps = c.get("StepAdjustments");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw F.invalid("StepScalingPolicyConfiguration.StepAdjustments must contain at least one step");
        }
        List<double[]> ranges = new ArrayList<>();
        for (JsonNode s : steps) {
            if (!s.has("ScalingAdjustment") || !s.get("ScalingAdjustment").canConvertToInt()) {
                throw F.invalid("Each step adjustment needs an integer ScalingAdjustment");
            }
            double lo = s.has("MetricIntervalLowerBound") && !s.get("MetricIntervalLowerBound").isNull()
                    ? s.get("MetricIntervalLowerBound").asDouble() : Double.NEGATIVE_INFINITY;
            double hi = s.has("MetricIntervalUpperBound") && !s.get("MetricIntervalUpperBound").isNull()
                    ? s.get("MetricIntervalUpperBound").asDouble() : Double.POSITIVE_INFINITY;
            if (lo >= hi) {
                throw F.invalid("Step adjustment lower bound " + lo + " must be less than its upper bound " + hi);
            }
            ranges.add(new double[] {lo, hi});
        }
        ranges.sort((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0] < ranges.get(i - 1)[1]) {
                throw F.invalid("Step adjustment intervals overlap: [" + ranges.get(i - 1)[0] + ", "
                        + ranges.get(i - 1)[1] + ") and [" + ranges.get(i)[0] + ", " + ranges.get(i)[1] + ")");
            }
            if (ranges.get(i)[0] > ranges.get(i - 1)[1]) {
                throw F.invalid("Step adjustment intervals leave a gap between " + ranges.get(i - 1)[1] + " and "
                        + ranges.get(i)[0]);
            }
        }
    }

    // ---------------------------------------------------------------- scheduled actions

    private JsonNode putScheduledAction(JsonNode in, RequestContext ctx) throws AwsException {
        String name = F.required(in, "ScheduledActionName");
        F.length("scheduledActionName", name, 1, 256);
        F.pattern("scheduledActionName", name, NAME);
        TargetId t = targetId(in);
        String schedule = F.optional(in, "Schedule");
        String tz = F.optional(in, "Timezone");
        ZoneId zone;
        try {
            zone = tz == null ? ZoneId.of("UTC") : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw F.invalid("Invalid Timezone " + tz + "; use an IANA time zone name such as Europe/Berlin");
        }
        if (schedule != null) {
            try {
                Schedule.parse(schedule, false, true, zone);
            } catch (IllegalArgumentException e) {
                throw F.invalid("Invalid Schedule: " + e.getMessage());
            }
        }
        Instant start = in.has("StartTime") && !in.get("StartTime").isNull() ? Json.instant(in.get("StartTime"))
                : null;
        Instant end = in.has("EndTime") && !in.get("EndTime").isNull() ? Json.instant(in.get("EndTime")) : null;
        if (start != null && end != null && !end.isAfter(start)) {
            throw F.invalid("EndTime must be after StartTime");
        }
        JsonNode action = in.get("ScalableTargetAction");
        if (action != null && action.isObject()) {
            Integer min = F.optionalInt(action, "MinCapacity");
            Integer max = F.optionalInt(action, "MaxCapacity");
            F.range("scalableTargetAction.minCapacity", min, 0, Integer.MAX_VALUE);
            F.range("scalableTargetAction.maxCapacity", max, 0, Integer.MAX_VALUE);
            if (min != null && max != null && min > max) {
                throw F.invalid("ScalableTargetAction MinCapacity (" + min + ") cannot be greater than MaxCapacity ("
                        + max + ")");
            }
        }
        existingTarget(ctx, t);
        String k = key(ctx, t) + "/" + name;
        ObjectNode existing = scheduled.get(k);
        if (existing == null && schedule == null) {
            throw F.invalid("Schedule is required to create the scheduled action " + name);
        }
        ObjectNode a = existing != null ? existing : Json.MAPPER.createObjectNode();
        if (existing == null) {
            a.put("ScheduledActionName", name).put("ScheduledActionARN", "arn:aws:autoscaling:" + ctx.region() + ":"
                    + ctx.accountId() + ":scheduledAction:" + UUID.randomUUID() + ":resource/" + t.namespace() + "/"
                    + t.resourceId() + ":scheduledActionName/" + name).put("ServiceNamespace", t.namespace())
                    .put("ResourceId", t.resourceId()).put("ScalableDimension", t.dimension());
            a.set("CreationTime", Json.epochSeconds(clock.now()));
        }
        if (schedule != null) {
            a.put("Schedule", schedule);
        }
        if (tz != null || !a.has("Timezone")) {
            a.put("Timezone", zone.getId());
        }
        if (start != null) {
            a.set("StartTime", Json.epochSeconds(start));
        }
        if (end != null) {
            a.set("EndTime", Json.epochSeconds(end));
        }
        if (action != null && action.isObject()) {
            a.set("ScalableTargetAction", action.deepCopy());
        }
        scheduled.put(k, a);
        return Json.MAPPER.createObjectNode();
    }

    // ---------------------------------------------------------------- state

    @Override
    public String stateName() {
        return "application-autoscaling";
    }

    @Override
    public synchronized JsonNode snapshot() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode t = root.putObject("targets");
        targets.forEach(t::set);
        ObjectNode p = root.putObject("policies");
        policies.forEach(p::set);
        ObjectNode s = root.putObject("scheduled");
        scheduled.forEach(s::set);
        return root.deepCopy();
    }

    @Override
    public synchronized void restore(JsonNode snapshot) {
        targets.clear();
        policies.clear();
        scheduled.clear();
        snapshot.path("targets").fields().forEachRemaining(e -> targets.put(e.getKey(), (ObjectNode) e.getValue()));
        snapshot.path("policies").fields().forEachRemaining(e -> policies.put(e.getKey(), (ObjectNode) e.getValue()));
        snapshot.path("scheduled").fields().forEachRemaining(e -> scheduled.put(e.getKey(),
                (ObjectNode) e.getValue()));
    }
}
