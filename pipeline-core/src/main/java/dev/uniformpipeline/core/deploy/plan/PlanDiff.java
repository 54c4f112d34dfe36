package dev.uniformpipeline.core.deploy.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uniformpipeline.core.deploy.Placeholders;
import dev.uniformpipeline.core.deploy.RenderedResource;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.plan.ResourceChange.Action;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The data behind {@code pipeline plan}: compares a rendering with the current state, object by object.
 *
 * <p>The comparison is driven by the rendering: only fields the rendering sets are compared, so defaults the
 * platform adds (ECS {@code revision}/{@code status}, Kubernetes {@code status}, {@code uid}, defaulted probe
 * fields, ...) never show up as changes. A value the platform returns as absent counts as equal to an empty or
 * zero/false desired value (Kubernetes omits those). List elements are matched by their key ({@code name},
 * {@code key}, {@code containerPort}, ...) so reordering is no change and removed elements are reported.
 * Kubernetes quantities compare by amount ({@code 1Gi} equals {@code 1024Mi}). Values only known during the
 * deploy ({@link Placeholders}) are not compared; a task definition that changes is shown as the service's
 * {@code taskDefinition} changing. Fields an autoscaler owns ({@code desiredCount}, {@code spec.replicas}) are
 * ignored when the target has autoscaling.
 */
public final class PlanDiff {
    private static final List<String> LIST_KEYS = List.of("name", "key", "Key", "containerName", "capacityProvider",
            "containerPort", "sourceVolume", "Field");
    private static final Set<String> UNORDERED = Set.of("subnets", "securityGroups", "requiresCompatibilities",
            "mountOptions", "accessModes");

    /** Per-kind rules: fields never compared, fields that force a replacement, and a note for changes. */
    private record Rules(Set<String> ignored, Set<String> replaceOn, String note) {
    }

    private PlanDiff() {
    }

    /** Plans every target; {@code current} gives each target's state by target name. */
    public static List<TargetPlan> plan(List<RenderedTarget> desired, java.util.function.Function<String, CurrentState> current) {
        return desired.stream().map(t -> plan(t, current.apply(t.target()))).toList();
    }

    /** Plans one target. */
    public static TargetPlan plan(RenderedTarget desired, CurrentState current) {
        boolean autoscaled = desired.resources().stream().anyMatch(r -> r.ref().kind().equals(ResourceRef.SCALABLE_TARGET)
                || r.ref().kind().endsWith("/HorizontalPodAutoscaler"));
        Map<ResourceRef, ResourceChange> out = new LinkedHashMap<>();
        for (RenderedResource r : desired.resources()) {
            out.put(r.ref(), compare(r, current.find(r.ref()), rules(r.ref(), autoscaled)));
        }
        // A new task definition revision means the service changes what it runs.
        for (Map.Entry<ResourceRef, ResourceChange> e : out.entrySet()) {
            ResourceChange c = e.getValue();
            if (!c.ref().kind().equals(ResourceRef.ECS_SERVICE) || c.action() == Action.CREATE || c.action() == Action.REPLACE) {
                continue;
            }
            Optional<ResourceChange> td = out.values().stream()
                    .filter(x -> x.ref().kind().equals(ResourceRef.ECS_TASK_DEFINITION) && x.action() != Action.NO_CHANGE)
                    .findFirst();
            if (td.isPresent()) {
                List<FieldChange> fields = new ArrayList<>(c.fields());
                String before = current.find(c.ref()).map(s -> s.path("taskDefinition").toString()).orElse(null);
                fields.add(0, new FieldChange("taskDefinition", before, "\"" + td.get().ref().id() + ":<new revision>\""));
                e.setValue(new ResourceChange(c.ref(), Action.UPDATE, fields, "rolls out the new task definition revision"));
            }
        }
        return new TargetPlan(desired.target(), desired.type(), new ArrayList<>(out.values()));
    }

    private static Rules rules(ResourceRef ref, boolean autoscaled) {
        String kind = ref.kind();
        if (kind.equals(ResourceRef.ECS_TASK_DEFINITION)) {
            return new Rules(Set.of("tags"), Set.of(), "task definitions are immutable: registers a new revision");
        }
        if (kind.equals(ResourceRef.ECS_SERVICE)) {
            return new Rules(autoscaled ? Set.of("cluster", "taskDefinition", "tags", "desiredCount")
                    : Set.of("cluster", "taskDefinition", "tags"),
                    Set.of("launchType", "schedulingStrategy", "deploymentController", "serviceName"),
                    "UpdateService");
        }
        if (kind.equals(ResourceRef.ELB_TARGET_GROUP)) {
            // the name is the identity (DescribeTargetGroups calls it TargetGroupName)
            return new Rules(Set.of("Name"), Set.of("Protocol", "Port", "VpcId", "TargetType"), "ModifyTargetGroup");
        }
        if (kind.equals(ResourceRef.ELB_LISTENER_RULE)) {
            // the listener is part of the identity; DescribeRules does not repeat it
            return new Rules(Set.of("ListenerArn"), Set.of(), "ModifyRule");
        }
        if (kind.equals("k8s:apps/v1/Deployment")) {
            return new Rules(autoscaled ? Set.of("spec.replicas") : Set.of(), Set.of("spec.selector"), "");
        }
        if (kind.equals("k8s:v1/PersistentVolume")) {
            return new Rules(Set.of(), Set.of("spec"), "persistent volume sources are immutable");
        }
        if (kind.equals("k8s:v1/PersistentVolumeClaim")) {
            return new Rules(Set.of(), Set.of("spec.volumeName", "spec.storageClassName", "spec.accessModes"), "");
        }
        return new Rules(Set.of(), Set.of(), "");
    }

    private static ResourceChange compare(RenderedResource r, Optional<JsonNode> current, Rules rules) {
        if (current.isEmpty()) {
            return new ResourceChange(r.ref(), Action.CREATE, List.of(), "");
        }
        List<FieldChange> fields = new ArrayList<>();
        diff(r.desired(), current.get(), "", fields);
        fields.removeIf(f -> matches(f.path(), rules.ignored()));
        if (fields.isEmpty()) {
            return new ResourceChange(r.ref(), Action.NO_CHANGE, List.of(), "");
        }
        boolean replace = fields.stream().anyMatch(f -> matches(f.path(), rules.replaceOn()));
        return new ResourceChange(r.ref(), replace ? Action.REPLACE : Action.UPDATE, fields,
                replace ? "a field that cannot be changed in place differs" : rules.note());
    }

    private static boolean matches(String path, Set<String> prefixes) {
        for (String p : prefixes) {
            if (path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[")) {
                return true;
            }
        }
        return false;
    }

    private static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static void diff(JsonNode desired, JsonNode current, String path, List<FieldChange> out) {
        boolean absent = current == null || current.isMissingNode() || current.isNull();
        if (desired.isObject()) {
            if (absent && desired.isEmpty()) {
                return;
            }
            if (absent || !current.isObject()) {
                out.add(new FieldChange(path, absent ? null : current.toString(), desired.toString()));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                diff(e.getValue(), current.get(e.getKey()), child(path, e.getKey()), out);
            }
            return;
        }
        if (desired.isArray()) {
            if (absent && desired.isEmpty()) {
                return;
            }
            if (absent || !current.isArray()) {
                out.add(new FieldChange(path, absent ? null : current.toString(), desired.toString()));
                return;
            }
            diffArray(desired, current, path, out);
            return;
        }
        if (desired.isTextual() && Placeholders.isPlaceholder(desired.asText())) {
            return;
        }
        if (absent) {
            if (isZero(desired)) {
                return;
            }
            out.add(new FieldChange(path, null, desired.toString()));
            return;
        }
        if (!scalarEquals(desired, current, path)) {
            out.add(new FieldChange(path, current.toString(), desired.toString()));
        }
    }

    private static void diffArray(JsonNode desired, JsonNode current, String path, List<FieldChange> out) {
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        String key = listKey(desired, current);
        if (key != null) {
            Map<String, JsonNode> cur = new LinkedHashMap<>();
            current.forEach(e -> cur.put(e.get(key).asText(), e));
            Set<String> seen = new java.util.HashSet<>();
            for (JsonNode d : desired) {
                String k = d.get(key).asText();
                seen.add(k);
                JsonNode c = cur.get(k);
                if (c == null) {
                    out.add(new FieldChange(path + "[" + k + "]", null, d.toString()));
                } else {
                    diff(d, c, path + "[" + k + "]", out);
                }
            }
            cur.forEach((k, c) -> {
                if (!seen.contains(k)) {
                    out.add(new FieldChange(path + "[" + k + "]", c.toString(), null));
                }
            });
            return;
        }
        boolean scalars = allScalars(desired) && allScalars(current);
        if (scalars) {
            List<String> d = texts(desired);
            List<String> c = texts(current);
            if (UNORDERED.contains(field)) {
                java.util.Collections.sort(d);
                java.util.Collections.sort(c);
            }
            if (!d.equals(c)) {
                out.add(new FieldChange(path, current.toString(), desired.toString()));
            }
            return;
        }
        if (desired.size() != current.size()) {
            out.add(new FieldChange(path, current.toString(), desired.toString()));
            return;
        }
        for (int i = 0; i < desired.size(); i++) {
            diff(desired.get(i), current.get(i), path + "[" + i + "]", out);
        }
    }

    private static String listKey(JsonNode desired, JsonNode current) {
        if (desired.isEmpty() || !allObjects(desired) || !allObjects(current)) {
            return null;
        }
        for (String k : LIST_KEYS) {
            if (hasUniqueKey(desired, k) && hasUniqueKey(current, k)) {
                return k;
            }
        }
        return null;
    }

    private static boolean hasUniqueKey(JsonNode array, String key) {
        Set<String> values = new java.util.HashSet<>();
        for (JsonNode e : array) {
            JsonNode v = e.get(key);
            if (v == null || !v.isValueNode() || !values.add(v.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static boolean isZero(JsonNode v) {
        return (v.isBoolean() && !v.asBoolean()) || (v.isNumber() && v.decimalValue().signum() == 0)
                || (v.isTextual() && v.asText().isEmpty());
    }

    private static boolean scalarEquals(JsonNode desired, JsonNode current, String path) {
        if (desired.isNumber() && current.isNumber()) {
            return desired.decimalValue().compareTo(current.decimalValue()) == 0;
        }
        if (desired.equals(current)) {
            return true;
        }
        if (desired.isTextual() && current.isTextual() && (path.contains("resources.") || path.contains("capacity"))) {
            try {
                BigDecimal a = Quantity.getAmountInBytes(new Quantity(desired.asText()));
                BigDecimal b = Quantity.getAmountInBytes(new Quantity(current.asText()));
                return a.compareTo(b) == 0;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }
}
