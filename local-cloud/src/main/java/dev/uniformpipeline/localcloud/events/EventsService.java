package dev.uniformpipeline.localcloud.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ServiceContext;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.EventPublisher;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import dev.uniformpipeline.localcloud.spi.TaskLauncher;
import dev.uniformpipeline.localcloud.support.Fields;
import dev.uniformpipeline.localcloud.support.Json;
import dev.uniformpipeline.localcloud.support.Schedule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Amazon EventBridge (JSON 1.1, {@code AWSEvents}) on the default bus of each account and region: rules with
 * event patterns or schedules, targets, PutEvents. Schedule rules fire on the cloud clock; ECS targets call
 * {@link TaskLauncher} (ECS) with a RunTask request, every other target (an SNS topic, a queue, a function)
 * gets the event recorded as a delivery that tests read with {@link #deliveries(String)}. Also the
 * {@link EventPublisher} through which ECS puts its task and deployment events on the bus.
 */
public final class EventsService implements JsonProtocolService, StatefulService, EventPublisher, AutoCloseable {
    private static final Pattern RULE_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]+");
    private static final Pattern TARGET_ID = Pattern.compile("[\\.\\-_A-Za-z0-9]+");
    private static final Pattern ECS_CLUSTER_ARN = Pattern.compile("arn:aws:ecs:[a-z0-9-]+:\\d{12}:cluster/.+");
    private static final int MAX_TARGETS = 5;
    private static final Fields F = new Fields("ValidationException");

    private final CloudClock clock;
    private final TaskLauncher launcher;
    private final Map<String, Rule> rules = new TreeMap<>();
    private final Map<String, List<JsonNode>> deliveries = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;

    /** One call of a target: what was sent and what came back. */
    public record Invocation(String ruleArn, String targetId, String targetArn, Instant at, JsonNode input,
            JsonNode result, String error) {
    }

    private static final class Rule {
        String account;
        String region;
        ObjectNode desc;
        final Map<String, ObjectNode> targets = new LinkedHashMap<>();
        Schedule schedule;
        Instant anchor;
        Instant nextFire;

        String arn() {
            return desc.get("Arn").asText();
        }

        boolean enabled() {
            return "ENABLED".equals(desc.path("State").asText());
        }
    }

    public EventsService(ServiceContext context) {
        this.clock = context.clock();
        this.launcher = context.lookup(TaskLauncher.class);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-cloud-events-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public String signingName() {
        return "events";
    }

    @Override
    public String targetPrefix() {
        return "AWSEvents";
    }

    @Override
    public JsonNode call(String operation, JsonNode in, RequestContext ctx) throws AwsException {
        if (operation.equals("PutEvents")) {
            return putEvents(in, ctx);
        }
        synchronized (this) {
            return switch (operation) {
                case "PutRule" -> putRule(in, ctx);
                case "DescribeRule" -> describeRule(in, ctx);
                case "ListRules" -> listRules(in, ctx);
                case "DeleteRule" -> deleteRule(in, ctx);
                case "EnableRule" -> setState(in, ctx, "ENABLED");
                case "DisableRule" -> setState(in, ctx, "DISABLED");
                case "PutTargets" -> putTargets(in, ctx);
                case "ListTargetsByRule" -> listTargets(in, ctx);
                case "RemoveTargets" -> removeTargets(in, ctx);
                default -> throw AwsException.client("UnknownOperationException",
                        "local-cloud EventBridge does not implement " + operation);
            };
        }
    }

    // ---------------------------------------------------------------- rules

    private static String key(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }

    private static void defaultBus(JsonNode in, String field) throws AwsException {
        String bus = F.optional(in, field);
        if (bus != null && !bus.equals("default") && !bus.matches("arn:aws:events:[a-z0-9-]+:\\d{12}:event-bus/default")) {
            throw AwsException.client("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
        }
    }

    private Rule rule(RequestContext ctx, String name) throws AwsException {
        Rule r = rules.get(key(ctx.accountId(), ctx.region(), name));
        if (r == null) {
            throw AwsException.client("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus "
                    + "default.");
        }
        return r;
    }

    private static String ruleName(JsonNode in, String field) throws AwsException {
        String name = F.required(in, field);
        F.length(field.equals("Name") ? "name" : "rule", name, 1, 64);
        F.pattern(field.equals("Name") ? "name" : "rule", name, RULE_NAME);
        return name;
    }

    private JsonNode putRule(JsonNode in, RequestContext ctx) throws AwsException {
        String name = ruleName(in, "Name");
        defaultBus(in, "EventBusName");
        String scheduleExpr = F.optional(in, "ScheduleExpression");
        String patternText = F.optional(in, "EventPattern");
        if (scheduleExpr == null && patternText == null) {
            throw F.invalid("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        Schedule schedule = null;
        if (scheduleExpr != null) {
            try {
                schedule = Schedule.parse(scheduleExpr, true, false, ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                throw F.invalid("Parameter ScheduleExpression is not valid. (" + e.getMessage() + ")");
            }
        }
        if (patternText != null) {
            try {
                EventPattern.validate(Json.MAPPER.readTree(patternText));
            } catch (JsonProcessingException e) {
                throw AwsException.client("InvalidEventPatternException", "Event pattern is not valid. Reason: "
                        + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                throw AwsException.client("InvalidEventPatternException", "Event pattern is not valid. Reason: "
                        + e.getMessage());
            }
        }
        String state = F.optional(in, "State");
        if (state != null && !state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw F.constraint("state", state, "Member must satisfy enum value set: [ENABLED, DISABLED]");
        }
        String k = key(ctx.accountId(), ctx.region(), name);
        Rule r = rules.get(k);
        if (r == null) {
            r = new Rule();
            r.account = ctx.accountId();
            r.region = ctx.region();
            r.desc = Json.MAPPER.createObjectNode();
            r.desc.put("Name", name).put("Arn", "arn:aws:events:" + ctx.region() + ":" + ctx.accountId() + ":rule/"
                    + name);
            rules.put(k, r);
        }
        ObjectNode d = r.desc;
        d.remove(List.of("EventPattern", "ScheduleExpression", "Description", "RoleArn"));
        if (patternText != null) {
            d.put("EventPattern", patternText);
        }
        if (scheduleExpr != null) {
            d.put("ScheduleExpression", scheduleExpr);
        }
        d.put("State", state == null ? "ENABLED" : state);
        if (F.optional(in, "Description") != null) {
            d.put("Description", in.get("Description").asText());
        }
        if (F.optional(in, "RoleArn") != null) {
            d.put("RoleArn", in.get("RoleArn").asText());
        }
        d.put("EventBusName", "default").put("CreatedBy", ctx.accountId());
        r.schedule = schedule;
        r.anchor = clock.now();
        r.nextFire = schedule == null ? null : schedule.nextAfter(r.anchor, r.anchor).orElse(null);
        return Json.MAPPER.createObjectNode().put("RuleArn", r.arn());
    }

    private JsonNode describeRule(JsonNode in, RequestContext ctx) throws AwsException {
        defaultBus(in, "EventBusName");
        return rule(ctx, ruleName(in, "Name")).desc.deepCopy();
    }

    private JsonNode listRules(JsonNode in, RequestContext ctx) throws AwsException {
        defaultBus(in, "EventBusName");
        String prefix = F.optional(in, "NamePrefix");
        Integer limit = F.optionalInt(in, "Limit");
        F.range("limit", limit, 1, 100);
        int max = limit == null ? 100 : limit;
        int offset = offset(F.optional(in, "NextToken"));
        List<Rule> hits = new ArrayList<>();
        String base = key(ctx.accountId(), ctx.region(), "");
        for (Map.Entry<String, Rule> e : rules.entrySet()) {
            if (e.getKey().startsWith(base) && (prefix == null || e.getValue().desc.get("Name").asText()
                    .startsWith(prefix))) {
                hits.add(e.getValue());
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("Rules");
        for (int i = offset; i < hits.size() && i < offset + max; i++) {
            ObjectNode o = hits.get(i).desc.deepCopy();
            o.remove("CreatedBy");
            arr.add(o);
        }
        if (offset + max < hits.size()) {
            out.put("NextToken", token(offset + max));
        }
        return out;
    }

    private JsonNode deleteRule(JsonNode in, RequestContext ctx) throws AwsException {
        String name = ruleName(in, "Name");
        defaultBus(in, "EventBusName");
        Rule r = rules.get(key(ctx.accountId(), ctx.region(), name));
        if (r == null) {
            return Json.MAPPER.createObjectNode();
        }
        if (!r.targets.isEmpty()) {
            throw F.invalid("Rule can't be deleted since it has targets.");
        }
        rules.remove(key(ctx.accountId(), ctx.region(), name));
        return Json.MAPPER.createObjectNode();
    }

    private JsonNode setState(JsonNode in, RequestContext ctx, String state) throws AwsException {
        defaultBus(in, "EventBusName");
        Rule r = rule(ctx, ruleName(in, "Name"));
        r.desc.put("State", state);
        return Json.MAPPER.createObjectNode();
    }

    // ---------------------------------------------------------------- targets

    private JsonNode putTargets(JsonNode in, RequestContext ctx) throws AwsException {
        String name = ruleName(in, "Rule");
        defaultBus(in, "EventBusName");
        JsonNode targets = in.get("Targets");
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            throw F.constraint("targets", targets == null ? null : "[]", "Member must have length greater than or "
                    + "equal to 1");
        }
        if (targets.size() > 10) {
            throw F.constraint("targets", targets.size() + " targets", "Member must have length less than or equal "
                    + "to 10");
        }
        Rule r = rule(ctx, name);
        int newIds = 0;
        for (JsonNode t : targets) {
            if (!r.targets.containsKey(t.path("Id").asText())) {
                newIds++;
            }
        }
        if (r.targets.size() + newIds > MAX_TARGETS) {
            throw AwsException.client("LimitExceededException", "The requested resource exceeds the maximum number "
                    + "allowed. A rule can have at most " + MAX_TARGETS + " targets.");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode failed = Json.MAPPER.createArrayNode();
        for (JsonNode t : targets) {
            String problem = targetProblem(t);
            if (problem != null) {
                failed.addObject().put("TargetId", t.path("Id").asText()).put("ErrorCode", "ValidationException")
                        .put("ErrorMessage", problem);
                continue;
            }
            r.targets.put(t.get("Id").asText(), (ObjectNode) t.deepCopy());
        }
        out.put("FailedEntryCount", failed.size());
        out.set("FailedEntries", failed);
        return out;
    }

    /** Why a target cannot be added, or null. */
    private static String targetProblem(JsonNode t) {
        if (!t.isObject()) {
            return "Target must be an object";
        }
        String id = t.path("Id").asText(null);
        if (id == null || id.isEmpty() || id.length() > 64 || !TARGET_ID.matcher(id).matches()) {
            return "Target Id must be 1-64 characters of [.-_A-Za-z0-9]";
        }
        String arn = t.path("Arn").asText(null);
        if (arn == null || arn.isEmpty()) {
            return "Target Arn is required";
        }
        JsonNode ecs = t.get("EcsParameters");
        boolean clusterArn = ECS_CLUSTER_ARN.matcher(arn).matches();
        if (ecs == null || ecs.isNull()) {
            return clusterArn ? "EcsParameters are required for an ECS cluster target (" + arn + ")" : null;
        }
        if (!clusterArn) {
            return "EcsParameters given but Arn " + arn + " is not an ECS cluster ARN (arn:aws:ecs:<region>:"
                    + "<account>:cluster/<name>)";
        }
        if (t.path("RoleArn").asText("").isEmpty()) {
            return "RoleArn is required for target " + arn + " (the role EventBridge uses to call ecs:RunTask)";
        }
        if (ecs.path("TaskDefinitionArn").asText("").isEmpty()) {
            return "EcsParameters.TaskDefinitionArn is required";
        }
        if (ecs.has("TaskCount") && ecs.get("TaskCount").asInt(0) < 1) {
            return "EcsParameters.TaskCount must be at least 1";
        }
        String launchType = ecs.path("LaunchType").asText(null);
        if (launchType != null && !Set.of("EC2", "FARGATE", "EXTERNAL").contains(launchType)) {
            return "EcsParameters.LaunchType must be EC2, FARGATE or EXTERNAL, not " + launchType;
        }
        if (launchType != null && ecs.has("CapacityProviderStrategy") && ecs.get("CapacityProviderStrategy").size() > 0) {
            return "EcsParameters.LaunchType and CapacityProviderStrategy are mutually exclusive";
        }
        JsonNode net = ecs.get("NetworkConfiguration");
        if (net != null && !net.isNull()) {
            Iterator<String> keys = net.fieldNames();
            while (keys.hasNext()) {
                String k = keys.next();
                if (!k.equals("awsvpcConfiguration")) {
                    return "EcsParameters.NetworkConfiguration has no member " + k + "; the key is awsvpcConfiguration"
                            + " (lower camel case; its members Subnets, SecurityGroups, AssignPublicIp are PascalCase)";
                }
            }
            JsonNode vpc = net.get("awsvpcConfiguration");
            if (vpc == null || !vpc.isObject()) {
                return "EcsParameters.NetworkConfiguration.awsvpcConfiguration must be an object";
            }
            JsonNode subnets = vpc.get("Subnets");
            if (subnets == null || !subnets.isArray() || subnets.isEmpty() || subnets.size() > 16) {
                return "awsvpcConfiguration.Subnets must list 1 to 16 subnets";
            }
            if (vpc.has("SecurityGroups") && vpc.get("SecurityGroups").size() > 5) {
                return "awsvpcConfiguration.SecurityGroups may list at most 5 security groups";
            }
            String pub = vpc.path("AssignPublicIp").asText(null);
            if (pub != null && !pub.equals("ENABLED") && !pub.equals("DISABLED")) {
                return "awsvpcConfiguration.AssignPublicIp must be ENABLED or DISABLED";
            }
            if ("ENABLED".equals(pub) && !"FARGATE".equals(launchType)) {
                return "AssignPublicIp ENABLED is only supported with LaunchType FARGATE";
            }
        }
        return null;
    }

    private JsonNode listTargets(JsonNode in, RequestContext ctx) throws AwsException {
        defaultBus(in, "EventBusName");
        Rule r = rule(ctx, ruleName(in, "Rule"));
        Integer limit = F.optionalInt(in, "Limit");
        F.range("limit", limit, 1, 100);
        int max = limit == null ? 100 : limit;
        int offset = offset(F.optional(in, "NextToken"));
        List<ObjectNode> all = new ArrayList<>(r.targets.values());
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("Targets");
        for (int i = offset; i < all.size() && i < offset + max; i++) {
            arr.add(all.get(i).deepCopy());
        }
        if (offset + max < all.size()) {
            out.put("NextToken", token(offset + max));
        }
        return out;
    }

    private JsonNode removeTargets(JsonNode in, RequestContext ctx) throws AwsException {
        defaultBus(in, "EventBusName");
        Rule r = rule(ctx, ruleName(in, "Rule"));
        List<String> ids = F.stringList(in, "Ids");
        if (ids.isEmpty()) {
            throw F.constraint("ids", "[]", "Member must have length greater than or equal to 1");
        }
        ids.forEach(r.targets::remove);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    // ---------------------------------------------------------------- events

    private JsonNode putEvents(JsonNode in, RequestContext ctx) throws AwsException {
        JsonNode entries = in.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            throw F.constraint("entries", entries == null ? null : entries.size() + " entries",
                    "Member must have length between 1 and 10");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode results = out.putArray("Entries");
        int failed = 0;
        for (JsonNode e : entries) {
            String problem = null;
            String code = "InvalidArgument";
            String source = e.path("Source").asText("");
            String detailType = e.path("DetailType").asText("");
            String detailText = e.path("Detail").asText("");
            JsonNode detail = null;
            String bus = e.path("EventBusName").asText("default");
            if (source.isEmpty()) {
                problem = "Parameter Source is not valid. Reason: Source is a required argument.";
            } else if (detailType.isEmpty()) {
                problem = "Parameter DetailType is not valid. Reason: DetailType is a required argument.";
            } else if (detailText.isEmpty()) {
                problem = "Parameter Detail is not valid. Reason: Detail is a required argument.";
            } else if (source.startsWith("aws.")) {
                code = "NotAuthorizedForSourceException";
                problem = "Not authorized for the source.";
            } else if (!bus.equals("default") && !bus.endsWith(":event-bus/default")) {
                code = "ResourceNotFoundException";
                problem = "Event bus " + bus + " does not exist.";
            } else {
                try {
                    detail = Json.MAPPER.readTree(detailText);
                    if (detail == null || !detail.isObject()) {
                        throw new IllegalArgumentException();
                    }
                } catch (JsonProcessingException | IllegalArgumentException x) {
                    code = "MalformedDetail";
                    problem = "Detail is malformed.";
                }
            }
            if (problem == null && e.toString().getBytes(StandardCharsets.UTF_8).length > 256 * 1024) {
                code = "EntrySizeTooBig";
                problem = "The entry exceeds 256 KB.";
            }
            if (problem != null) {
                failed++;
                results.addObject().put("ErrorCode", code).put("ErrorMessage", problem);
                continue;
            }
            List<String> resources = new ArrayList<>();
            e.path("Resources").forEach(x -> resources.add(x.asText()));
            Instant time = e.has("Time") && !e.get("Time").isNull() ? Json.instant(e.get("Time")) : clock.now();
            ObjectNode event = envelope(ctx.accountId(), ctx.region(), source, detailType, resources, detail, time);
            results.addObject().put("EventId", event.get("id").asText());
            route(event);
        }
        out.put("FailedEntryCount", failed);
        return out;
    }

    @Override
    public void publish(String accountId, String region, String source, String detailType, List<String> resources,
            JsonNode detail) {
        route(envelope(accountId, region, source, detailType, resources, detail, clock.now()));
    }

    private static ObjectNode envelope(String account, String region, String source, String detailType,
            List<String> resources, JsonNode detail, Instant time) {
        ObjectNode ev = Json.MAPPER.createObjectNode();
        ev.put("version", "0").put("id", UUID.randomUUID().toString()).put("detail-type", detailType)
                .put("source", source).put("account", account)
                .put("time", time.truncatedTo(ChronoUnit.SECONDS).toString()).put("region", region);
        ArrayNode res = ev.putArray("resources");
        resources.forEach(res::add);
        ev.set("detail", detail == null ? Json.MAPPER.createObjectNode() : detail.deepCopy());
        return ev;
    }

    /** Delivers an event to the targets of every enabled pattern rule of its account and region that matches. */
    private void route(ObjectNode event) {
        List<Object[]> calls = new ArrayList<>();
        synchronized (this) {
            String base = key(event.get("account").asText(), event.get("region").asText(), "");
            for (Map.Entry<String, Rule> e : rules.entrySet()) {
                Rule r = e.getValue();
                if (!e.getKey().startsWith(base) || !r.enabled() || !r.desc.has("EventPattern")) {
                    continue;
                }
                JsonNode pattern;
                try {
                    pattern = Json.MAPPER.readTree(r.desc.get("EventPattern").asText());
                } catch (JsonProcessingException x) {
                    continue;
                }
                if (EventPattern.matches(pattern, event)) {
                    for (ObjectNode t : r.targets.values()) {
                        calls.add(new Object[] {r.account, r.region, r.arn(), r.desc.get("Name").asText(),
                                t.deepCopy()});
                    }
                }
            }
        }
        for (Object[] c : calls) {
            invoke((String) c[0], (String) c[1], (String) c[2], (String) c[3], (ObjectNode) c[4], event);
        }
    }

    // ---------------------------------------------------------------- schedules

    private void tick() {
        try {
            Instant now = clock.now();
            List<Object[]> calls = new ArrayList<>();
            synchronized (this) {
                for (Rule r : rules.values()) {
                    if (r.schedule == null || r.nextFire == null || r.nextFire.isAfter(now)) {
                        continue;
                    }
                    Instant firedAt = r.nextFire;
                    r.nextFire = r.schedule.nextAfter(r.anchor, now).orElse(null);
                    if (!r.enabled()) {
                        continue;
                    }
                    ObjectNode event = envelope(r.account, r.region, "aws.events", "Scheduled Event", List.of(r.arn()),
                            null, firedAt);
                    for (ObjectNode t : r.targets.values()) {
                        calls.add(new Object[] {r.account, r.region, r.arn(), r.desc.get("Name").asText(),
                                t.deepCopy(), event});
                    }
                }
            }
            for (Object[] c : calls) {
                invoke((String) c[0], (String) c[1], (String) c[2], (String) c[3], (ObjectNode) c[4],
                        (ObjectNode) c[5]);
            }
        } catch (RuntimeException e) {
            System.getLogger(EventsService.class.getName()).log(System.Logger.Level.WARNING,
                    "local-cloud events: schedule tick failed", e);
        }
    }

    private void invoke(String account, String region, String ruleArn, String ruleName, ObjectNode target,
            ObjectNode event) {
        String arn = target.path("Arn").asText();
        Instant at = clock.now();
        if (target.has("EcsParameters")) {
            ObjectNode request = runTaskRequest(arn, ruleName, target.get("EcsParameters"));
            RequestContext ctx = new RequestContext(region, account, null, UUID.randomUUID().toString());
            try {
                JsonNode result = launcher.runTask(ctx, request);
                invocations.add(new Invocation(ruleArn, target.path("Id").asText(), arn, at, request, result, null));
            } catch (AwsException e) {
                invocations.add(new Invocation(ruleArn, target.path("Id").asText(), arn, at, request, null,
                        e.code() + ": " + e.getMessage()));
            } catch (RuntimeException e) {
                invocations.add(new Invocation(ruleArn, target.path("Id").asText(), arn, at, request, null,
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            return;
        }
        JsonNode payload = event;
        if (target.has("Input")) {
            try {
                payload = Json.MAPPER.readTree(target.get("Input").asText());
            } catch (JsonProcessingException e) {
                payload = Json.MAPPER.getNodeFactory().textNode(target.get("Input").asText());
            }
        } else if (target.has("InputPath")) {
            payload = path(event, target.get("InputPath").asText());
        }
        deliveries.computeIfAbsent(arn, k -> new CopyOnWriteArrayList<>()).add(payload);
        invocations.add(new Invocation(ruleArn, target.path("Id").asText(), arn, at, payload, null, null));
    }

    /** {@code $.detail.x} style JSONPath (dotted members only). */
    private static JsonNode path(JsonNode node, String jsonPath) {
        JsonNode cur = node;
        String p = jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath;
        for (String part : p.split("\\.")) {
            if (!part.isEmpty()) {
                cur = cur.path(part);
            }
        }
        return cur;
    }

    /** EventBridge's EcsParameters (PascalCase) as the RunTask request ECS receives (lower camel case). */
    static ObjectNode runTaskRequest(String clusterArn, String ruleName, JsonNode p) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("cluster", clusterArn).put("taskDefinition", p.path("TaskDefinitionArn").asText())
                .put("count", p.path("TaskCount").asInt(1));
        String startedBy = "events-rule/" + ruleName;
        r.put("startedBy", startedBy.length() > 36 ? startedBy.substring(0, 36) : startedBy);
        copyText(p, "LaunchType", r, "launchType");
        copyText(p, "PlatformVersion", r, "platformVersion");
        copyText(p, "Group", r, "group");
        copyText(p, "PropagateTags", r, "propagateTags");
        copyText(p, "ReferenceId", r, "referenceId");
        if (p.has("EnableECSManagedTags")) {
            r.put("enableECSManagedTags", p.get("EnableECSManagedTags").asBoolean());
        }
        if (p.has("EnableExecuteCommand")) {
            r.put("enableExecuteCommand", p.get("EnableExecuteCommand").asBoolean());
        }
        JsonNode vpc = p.path("NetworkConfiguration").path("awsvpcConfiguration");
        if (vpc.isObject()) {
            ObjectNode a = r.putObject("networkConfiguration").putObject("awsvpcConfiguration");
            a.set("subnets", vpc.path("Subnets").deepCopy());
            if (vpc.has("SecurityGroups")) {
                a.set("securityGroups", vpc.get("SecurityGroups").deepCopy());
            }
            copyText(vpc, "AssignPublicIp", a, "assignPublicIp");
        }
        if (p.has("CapacityProviderStrategy")) {
            ArrayNode cps = r.putArray("capacityProviderStrategy");
            for (JsonNode s : p.get("CapacityProviderStrategy")) {
                ObjectNode o = cps.addObject().put("capacityProvider", s.path("capacityProvider").asText());
                if (s.has("weight")) {
                    o.put("weight", s.get("weight").asInt());
                }
                if (s.has("base")) {
                    o.put("base", s.get("base").asInt());
                }
            }
        }
        if (p.has("Tags")) {
            ArrayNode tags = r.putArray("tags");
            for (JsonNode t : p.get("Tags")) {
                tags.addObject().put("key", t.path("Key").asText()).put("value", t.path("Value").asText());
            }
        }
        return r;
    }

    private static void copyText(JsonNode from, String f, ObjectNode to, String t) {
        if (from.has(f) && !from.get(f).isNull()) {
            to.put(t, from.get(f).asText());
        }
    }

    // ---------------------------------------------------------------- test accessors

    /** Everything delivered to a non-ECS target ARN (e.g. an SNS topic), oldest first. */
    public List<JsonNode> deliveries(String targetArn) {
        return List.copyOf(deliveries.getOrDefault(targetArn, List.of()));
    }

    /** When a schedule rule fires next (empty for pattern rules, disabled one-shot schedules, unknown rules). */
    public synchronized java.util.Optional<Instant> nextFire(String accountId, String region, String ruleName) {
        Rule r = rules.get(key(accountId, region, ruleName));
        return r == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(r.nextFire);
    }

    /** Every target invocation (ECS RunTask calls and deliveries), oldest first. */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    // ---------------------------------------------------------------- tokens, state, lifecycle

    private static String token(int offset) {
        return java.util.Base64.getEncoder().encodeToString(Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) throws AwsException {
        if (token == null) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(java.util.Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw F.invalid("The NextToken is not valid.");
        }
    }

    @Override
    public String stateName() {
        return "events";
    }

    @Override
    public synchronized JsonNode snapshot() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("rules");
        for (Rule r : rules.values()) {
            ObjectNode o = arr.addObject();
            o.put("account", r.account).put("region", r.region).put("anchor", r.anchor.toString());
            o.set("rule", r.desc.deepCopy());
            ArrayNode ts = o.putArray("targets");
            r.targets.values().forEach(t -> ts.add(t.deepCopy()));
        }
        return root;
    }

    @Override
    public synchronized void restore(JsonNode snapshot) {
        rules.clear();
        Instant now = clock.now();
        for (JsonNode o : snapshot.path("rules")) {
            Rule r = new Rule();
            r.account = o.path("account").asText();
            r.region = o.path("region").asText();
            r.desc = (ObjectNode) o.get("rule").deepCopy();
            r.anchor = Instant.parse(o.path("anchor").asText());
            for (JsonNode t : o.path("targets")) {
                r.targets.put(t.path("Id").asText(), (ObjectNode) t.deepCopy());
            }
            if (r.desc.has("ScheduleExpression")) {
                r.schedule = Schedule.parse(r.desc.get("ScheduleExpression").asText(), true, false, ZoneOffset.UTC);
                r.nextFire = r.schedule.nextAfter(r.anchor, now).orElse(null);
            }
            rules.put(key(r.account, r.region, r.desc.get("Name").asText()), r);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
