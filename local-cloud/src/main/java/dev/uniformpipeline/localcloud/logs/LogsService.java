package dev.uniformpipeline.localcloud.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ServiceContext;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.LogSink;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import dev.uniformpipeline.localcloud.support.Fields;
import dev.uniformpipeline.localcloud.support.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Amazon CloudWatch Logs (JSON 1.1, {@code Logs_20140328}): log groups with retention, streams, PutLogEvents
 * (sequence tokens ignored, AWS's batch limits), GetLogEvents with forward/backward tokens and FilterLogEvents
 * with term filter patterns. Also the {@link LogSink} that tasks using the awslogs driver write to.
 */
public final class LogsService implements JsonProtocolService, StatefulService, LogSink {
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1827, 2192, 2557, 2922, 3288, 3653);
    private static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    private static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    static final int MAX_BATCH_BYTES = 1_048_576;
    static final int MAX_BATCH_EVENTS = 10_000;
    static final int EVENT_OVERHEAD = 26;
    private static final Fields F = new Fields("InvalidParameterException");

    private final CloudClock clock;
    /** account/region/group → group. */
    private final Map<String, LogGroup> groups = new TreeMap<>();
    private long eventCounter;

    public LogsService(ServiceContext context) {
        this.clock = context.clock();
    }

    @Override
    public String signingName() {
        return "logs";
    }

    @Override
    public String targetPrefix() {
        return "Logs_20140328";
    }

    @Override
    public synchronized JsonNode call(String operation, JsonNode in, RequestContext ctx) throws AwsException {
        return switch (operation) {
            case "CreateLogGroup" -> createLogGroup(in, ctx);
            case "DeleteLogGroup" -> deleteLogGroup(in, ctx);
            case "DescribeLogGroups" -> describeLogGroups(in, ctx);
            case "PutRetentionPolicy" -> putRetentionPolicy(in, ctx);
            case "DeleteRetentionPolicy" -> deleteRetentionPolicy(in, ctx);
            case "CreateLogStream" -> createLogStream(in, ctx);
            case "DescribeLogStreams" -> describeLogStreams(in, ctx);
            case "PutLogEvents" -> putLogEvents(in, ctx);
            case "GetLogEvents" -> getLogEvents(in, ctx);
            case "FilterLogEvents" -> filterLogEvents(in, ctx);
            default -> throw AwsException.client("UnknownOperationException",
                    "local-cloud CloudWatch Logs does not implement " + operation);
        };
    }

    // ---------------------------------------------------------------- model

    static final class LogGroup {
        final String account;
        final String region;
        final String name;
        final long creationTime;
        Integer retentionInDays;
        final Map<String, String> tags = new TreeMap<>();
        final Map<String, LogStream> streams = new TreeMap<>();

        LogGroup(String account, String region, String name, long creationTime) {
            this.account = account;
            this.region = region;
            this.name = name;
            this.creationTime = creationTime;
        }

        String arn() {
            return "arn:aws:logs:" + region + ":" + account + ":log-group:" + name;
        }
    }

    static final class LogStream {
        final String name;
        final long creationTime;
        final List<Event> events = new ArrayList<>();
        long storedBytes;
        Long lastIngestionTime;

        LogStream(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    record Event(long timestamp, String message, long ingestionTime, long id) {
    }

    private static String key(String account, String region, String group) {
        return account + "/" + region + "/" + group;
    }

    private LogGroup group(RequestContext ctx, String name) throws AwsException {
        LogGroup g = groups.get(key(ctx.accountId(), ctx.region(), name));
        if (g == null) {
            throw AwsException.client("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return g;
    }

    private static LogStream stream(LogGroup g, String name) throws AwsException {
        LogStream s = g.streams.get(name);
        if (s == null) {
            throw AwsException.client("ResourceNotFoundException", "The specified log stream does not exist.");
        }
        return s;
    }

    private static String groupName(JsonNode in) throws AwsException {
        String name = F.required(in, "logGroupName");
        F.length("logGroupName", name, 1, 512);
        F.pattern("logGroupName", name, GROUP_NAME);
        return name;
    }

    private static String streamName(JsonNode in, String field) throws AwsException {
        String name = F.required(in, field);
        F.length(field, name, 1, 512);
        F.pattern(field, name, STREAM_NAME);
        return name;
    }

    // ---------------------------------------------------------------- groups

    private JsonNode createLogGroup(JsonNode in, RequestContext ctx) throws AwsException {
        String name = groupName(in);
        String k = key(ctx.accountId(), ctx.region(), name);
        if (groups.containsKey(k)) {
            throw AwsException.client("ResourceAlreadyExistsException", "The specified log group already exists");
        }
        LogGroup g = new LogGroup(ctx.accountId(), ctx.region(), name, clock.now().toEpochMilli());
        in.path("tags").fields().forEachRemaining(e -> g.tags.put(e.getKey(), e.getValue().asText()));
        groups.put(k, g);
        return Json.MAPPER.createObjectNode();
    }

    private JsonNode deleteLogGroup(JsonNode in, RequestContext ctx) throws AwsException {
        LogGroup g = group(ctx, groupName(in));
        groups.remove(key(g.account, g.region, g.name));
        return Json.MAPPER.createObjectNode();
    }

    private JsonNode describeLogGroups(JsonNode in, RequestContext ctx) throws AwsException {
        String prefix = F.optional(in, "logGroupNamePrefix");
        String pattern = F.optional(in, "logGroupNamePattern");
        if (prefix != null && pattern != null) {
            throw F.invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        Integer limit = F.optionalInt(in, "limit");
        F.range("limit", limit, 1, 50);
        int max = limit == null ? 50 : limit;
        String after = decodeToken(F.optional(in, "nextToken"));
        List<LogGroup> matching = new ArrayList<>();
        String base = key(ctx.accountId(), ctx.region(), "");
        for (LogGroup g : groups.values()) {
            if (!key(g.account, g.region, "").equals(base)) {
                continue;
            }
            if (prefix != null && !g.name.startsWith(prefix)) {
                continue;
            }
            if (pattern != null && !g.name.toLowerCase().contains(pattern.toLowerCase())) {
                continue;
            }
            if (after != null && g.name.compareTo(after) <= 0) {
                continue;
            }
            matching.add(g);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("logGroups");
        for (int i = 0; i < matching.size() && i < max; i++) {
            LogGroup g = matching.get(i);
            ObjectNode o = list.addObject();
            o.put("logGroupName", g.name).put("creationTime", g.creationTime);
            if (g.retentionInDays != null) {
                o.put("retentionInDays", g.retentionInDays);
            }
            o.put("metricFilterCount", 0).put("arn", g.arn() + ":*")
                    .put("storedBytes", g.streams.values().stream().mapToLong(s -> s.storedBytes).sum());
        }
        if (matching.size() > max) {
            out.put("nextToken", encodeToken(matching.get(max - 1).name));
        }
        return out;
    }

    private JsonNode putRetentionPolicy(JsonNode in, RequestContext ctx) throws AwsException {
        String name = groupName(in);
        Integer days = F.optionalInt(in, "retentionInDays");
        if (days == null) {
            throw F.constraint("retentionInDays", null, "Member must not be null");
        }
        if (!RETENTION_DAYS.contains(days)) {
            throw F.constraint("retentionInDays", days, "Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, "
                    + "90, 120, 150, 180, 365, 400, 545, 731, 1827, 2192, 2557, 2922, 3288, 3653]");
        }
        group(ctx, name).retentionInDays = days;
        return Json.MAPPER.createObjectNode();
    }

    private JsonNode deleteRetentionPolicy(JsonNode in, RequestContext ctx) throws AwsException {
        group(ctx, groupName(in)).retentionInDays = null;
        return Json.MAPPER.createObjectNode();
    }

    // ---------------------------------------------------------------- streams

    private JsonNode createLogStream(JsonNode in, RequestContext ctx) throws AwsException {
        String groupName = groupName(in);
        String name = streamName(in, "logStreamName");
        LogGroup g = group(ctx, groupName);
        if (g.streams.containsKey(name)) {
            throw AwsException.client("ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        g.streams.put(name, new LogStream(name, clock.now().toEpochMilli()));
        return Json.MAPPER.createObjectNode();
    }

    private JsonNode describeLogStreams(JsonNode in, RequestContext ctx) throws AwsException {
        LogGroup g = group(ctx, groupName(in));
        String prefix = F.optional(in, "logStreamNamePrefix");
        String orderBy = F.optional(in, "orderBy");
        if (orderBy != null && !orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
            throw F.constraint("orderBy", orderBy, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        boolean byTime = "LastEventTime".equals(orderBy);
        if (byTime && prefix != null) {
            throw F.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        boolean descending = F.optionalBool(in, "descending", false);
        Integer limit = F.optionalInt(in, "limit");
        F.range("limit", limit, 1, 50);
        int max = limit == null ? 50 : limit;
        int offset = offsetToken(F.optional(in, "nextToken"));
        List<LogStream> list = new ArrayList<>();
        for (LogStream s : g.streams.values()) {
            if (prefix == null || s.name.startsWith(prefix)) {
                list.add(s);
            }
        }
        Comparator<LogStream> order = byTime
                ? Comparator.comparingLong((LogStream s) -> lastEventTime(s)).thenComparing(s -> s.name)
                : Comparator.comparing((LogStream s) -> s.name);
        list.sort(descending ? order.reversed() : order);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("logStreams");
        for (int i = offset; i < list.size() && i < offset + max; i++) {
            LogStream s = list.get(i);
            ObjectNode o = arr.addObject();
            o.put("logStreamName", s.name).put("creationTime", s.creationTime);
            if (!s.events.isEmpty()) {
                o.put("firstEventTimestamp", s.events.stream().mapToLong(Event::timestamp).min().orElse(0));
                o.put("lastEventTimestamp", lastEventTime(s));
            }
            if (s.lastIngestionTime != null) {
                o.put("lastIngestionTime", s.lastIngestionTime);
            }
            o.put("arn", g.arn() + ":log-stream:" + s.name).put("storedBytes", s.storedBytes);
        }
        if (offset + max < list.size()) {
            out.put("nextToken", encodeToken(Integer.toString(offset + max)));
        }
        return out;
    }

    private static long lastEventTime(LogStream s) {
        return s.events.stream().mapToLong(Event::timestamp).max().orElse(0);
    }

    // ---------------------------------------------------------------- events

    private JsonNode putLogEvents(JsonNode in, RequestContext ctx) throws AwsException {
        String groupName = groupName(in);
        String streamName = streamName(in, "logStreamName");
        JsonNode events = in.get("logEvents");
        if (events == null || events.isNull()) {
            throw F.constraint("logEvents", null, "Member must not be null");
        }
        if (!events.isArray() || events.isEmpty()) {
            throw F.constraint("logEvents", "[]", "Member must have length greater than or equal to 1");
        }
        if (events.size() > MAX_BATCH_EVENTS) {
            throw F.constraint("logEvents", events.size() + " events",
                    "Member must have length less than or equal to " + MAX_BATCH_EVENTS);
        }
        long bytes = 0;
        long prev = Long.MIN_VALUE;
        long first = 0;
        List<long[]> times = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (JsonNode e : events) {
            JsonNode ts = e.get("timestamp");
            JsonNode msg = e.get("message");
            if (ts == null || !ts.canConvertToLong()) {
                throw F.constraint("logEvents.member.timestamp", null, "Member must not be null");
            }
            if (msg == null || !msg.isTextual()) {
                throw F.constraint("logEvents.member.message", null, "Member must not be null");
            }
            if (msg.asText().isEmpty()) {
                throw F.constraint("logEvents.member.message", "", "Member must have length greater than or equal "
                        + "to 1");
            }
            long t = ts.asLong();
            if (t < prev) {
                throw F.invalid("Log events in a single PutLogEvents request must be in chronological order.");
            }
            if (times.isEmpty()) {
                first = t;
            }
            prev = t;
            bytes += msg.asText().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
            times.add(new long[] {t});
            messages.add(msg.asText());
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw F.invalid("Upload too large: " + bytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
        }
        if (prev - first > Duration.ofHours(24).toMillis()) {
            throw F.invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 "
                    + "hours.");
        }
        LogGroup g = group(ctx, groupName);
        LogStream s = stream(g, streamName);

        long now = clock.now().toEpochMilli();
        long tooNewAfter = now + Duration.ofHours(2).toMillis();
        long tooOldBefore = now - Duration.ofDays(14).toMillis();
        long expiredBefore = g.retentionInDays == null ? Long.MIN_VALUE
                : now - Duration.ofDays(g.retentionInDays).toMillis();
        int tooNewStart = -1;
        int tooOldEnd = -1;
        int expiredEnd = -1;
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i)[0];
            if (t > tooNewAfter) {
                if (tooNewStart < 0) {
                    tooNewStart = i;
                }
                continue;
            }
            if (t < expiredBefore) {
                expiredEnd = i;
                continue;
            }
            if (t < tooOldBefore) {
                tooOldEnd = i;
                continue;
            }
            append(s, t, messages.get(i), now);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("nextSequenceToken", String.format("%056d", eventCounter));
        if (tooNewStart >= 0 || tooOldEnd >= 0 || expiredEnd >= 0) {
            ObjectNode r = out.putObject("rejectedLogEventsInfo");
            if (tooNewStart >= 0) {
                r.put("tooNewLogEventStartIndex", tooNewStart);
            }
            if (tooOldEnd >= 0) {
                r.put("tooOldLogEventEndIndex", tooOldEnd);
            }
            if (expiredEnd >= 0) {
                r.put("expiredLogEventEndIndex", expiredEnd);
            }
        }
        return out;
    }

    private void append(LogStream s, long timestamp, String message, long ingestion) {
        Event e = new Event(timestamp, message, ingestion, ++eventCounter);
        // keep events ordered by timestamp; equal timestamps keep arrival order
        int i = s.events.size();
        while (i > 0 && s.events.get(i - 1).timestamp() > timestamp) {
            i--;
        }
        s.events.add(i, e);
        s.storedBytes += message.getBytes(StandardCharsets.UTF_8).length;
        s.lastIngestionTime = ingestion;
    }

    private JsonNode getLogEvents(JsonNode in, RequestContext ctx) throws AwsException {
        LogGroup g = group(ctx, groupName(in));
        LogStream s = stream(g, streamName(in, "logStreamName"));
        Long start = F.optionalLong(in, "startTime");
        Long end = F.optionalLong(in, "endTime");
        Integer limit = F.optionalInt(in, "limit");
        F.range("limit", limit, 1, 10_000);
        int max = limit == null ? 10_000 : limit;
        boolean fromHead = F.optionalBool(in, "startFromHead", false);
        String token = F.optional(in, "nextToken");
        List<Event> window = new ArrayList<>();
        for (Event e : s.events) {
            if ((start == null || e.timestamp() >= start) && (end == null || e.timestamp() < end)) {
                window.add(e);
            }
        }
        int from;
        int to;
        if (token != null) {
            if (!token.matches("[fb]/\\d+")) {
                throw F.invalid("The specified nextToken is invalid.");
            }
            int pos = Math.min(Integer.parseInt(token.substring(2)), window.size());
            if (token.charAt(0) == 'f') {
                from = pos;
                to = Math.min(window.size(), pos + max);
            } else {
                to = pos;
                from = Math.max(0, pos - max);
            }
        } else if (fromHead) {
            from = 0;
            to = Math.min(window.size(), max);
        } else {
            to = window.size();
            from = Math.max(0, to - max);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("events");
        for (int i = from; i < to; i++) {
            Event e = window.get(i);
            arr.addObject().put("timestamp", e.timestamp()).put("message", e.message())
                    .put("ingestionTime", e.ingestionTime());
        }
        out.put("nextForwardToken", String.format("f/%056d", to));
        out.put("nextBackwardToken", String.format("b/%056d", from));
        return out;
    }

    private JsonNode filterLogEvents(JsonNode in, RequestContext ctx) throws AwsException {
        LogGroup g = group(ctx, groupName(in));
        List<String> names = F.stringList(in, "logStreamNames");
        String prefix = F.optional(in, "logStreamNamePrefix");
        if (!names.isEmpty() && prefix != null) {
            throw F.invalid("logStreamNames and logStreamNamePrefix are mutually exclusive.");
        }
        Long start = F.optionalLong(in, "startTime");
        Long end = F.optionalLong(in, "endTime");
        Integer limit = F.optionalInt(in, "limit");
        F.range("limit", limit, 1, 10_000);
        int max = limit == null ? 10_000 : limit;
        FilterPattern pattern = FilterPattern.parse(F.optional(in, "filterPattern"), F);
        int offset = offsetToken(F.optional(in, "nextToken"));
        List<LogStream> searched = new ArrayList<>();
        for (LogStream s : g.streams.values()) {
            if ((names.isEmpty() || names.contains(s.name)) && (prefix == null || s.name.startsWith(prefix))) {
                searched.add(s);
            }
        }
        List<Object[]> hits = new ArrayList<>();
        for (LogStream s : searched) {
            for (Event e : s.events) {
                if ((start == null || e.timestamp() >= start) && (end == null || e.timestamp() <= end)
                        && pattern.matches(e.message())) {
                    hits.add(new Object[] {s.name, e});
                }
            }
        }
        hits.sort(Comparator.comparingLong((Object[] h) -> ((Event) h[1]).timestamp())
                .thenComparingLong(h -> ((Event) h[1]).id()));
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("events");
        for (int i = offset; i < hits.size() && i < offset + max; i++) {
            Event e = (Event) hits.get(i)[1];
            arr.addObject().put("logStreamName", (String) hits.get(i)[0]).put("timestamp", e.timestamp())
                    .put("message", e.message()).put("ingestionTime", e.ingestionTime())
                    .put("eventId", String.format("%056d", e.id()));
        }
        ArrayNode ss = out.putArray("searchedLogStreams");
        for (LogStream s : searched) {
            ss.addObject().put("logStreamName", s.name).put("searchedCompletely", true);
        }
        if (offset + max < hits.size()) {
            out.put("nextToken", encodeToken(Integer.toString(offset + max)));
        }
        return out;
    }

    // ---------------------------------------------------------------- tokens

    private static String encodeToken(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) throws AwsException {
        if (token == null) {
            return null;
        }
        try {
            return new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw F.invalid("The specified nextToken is invalid.");
        }
    }

    private static int offsetToken(String token) throws AwsException {
        String s = decodeToken(token);
        if (s == null) {
            return 0;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw F.invalid("The specified nextToken is invalid.");
        }
    }

    // ---------------------------------------------------------------- LogSink (awslogs driver)

    @Override
    public synchronized boolean groupExists(String accountId, String region, String group) {
        return groups.containsKey(key(accountId, region, group));
    }

    @Override
    public synchronized void createGroup(String accountId, String region, String group) {
        groups.computeIfAbsent(key(accountId, region, group),
                k -> new LogGroup(accountId, region, group, clock.now().toEpochMilli()));
    }

    @Override
    public synchronized void put(String accountId, String region, String group, String stream, Instant timestamp,
            String message) {
        LogGroup g = groups.get(key(accountId, region, group));
        if (g == null) {
            throw new IllegalStateException("log group " + group + " does not exist in " + accountId + "/" + region);
        }
        long now = clock.now().toEpochMilli();
        LogStream s = g.streams.computeIfAbsent(stream, n -> new LogStream(n, now));
        append(s, timestamp.toEpochMilli(), message, now);
    }

    /** The messages of a stream in timestamp order (for tests). Empty when the group or stream does not exist. */
    public synchronized List<String> messages(String accountId, String region, String group, String stream) {
        LogGroup g = groups.get(key(accountId, region, group));
        LogStream s = g == null ? null : g.streams.get(stream);
        List<String> out = new ArrayList<>();
        if (s != null) {
            s.events.forEach(e -> out.add(e.message()));
        }
        return out;
    }

    // ---------------------------------------------------------------- state

    @Override
    public String stateName() {
        return "logs";
    }

    @Override
    public synchronized JsonNode snapshot() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("eventCounter", eventCounter);
        ArrayNode arr = root.putArray("groups");
        for (LogGroup g : groups.values()) {
            ObjectNode o = arr.addObject();
            o.put("account", g.account).put("region", g.region).put("name", g.name).put("creationTime", g.creationTime);
            if (g.retentionInDays != null) {
                o.put("retentionInDays", g.retentionInDays);
            }
            ObjectNode tags = o.putObject("tags");
            g.tags.forEach(tags::put);
            ArrayNode streams = o.putArray("streams");
            for (LogStream s : g.streams.values()) {
                ObjectNode so = streams.addObject();
                so.put("name", s.name).put("creationTime", s.creationTime).put("storedBytes", s.storedBytes);
                if (s.lastIngestionTime != null) {
                    so.put("lastIngestionTime", s.lastIngestionTime);
                }
                ArrayNode ev = so.putArray("events");
                for (Event e : s.events) {
                    ev.addObject().put("t", e.timestamp()).put("m", e.message()).put("i", e.ingestionTime())
                            .put("id", e.id());
                }
            }
        }
        return root;
    }

    @Override
    public synchronized void restore(JsonNode snapshot) {
        groups.clear();
        eventCounter = snapshot.path("eventCounter").asLong();
        for (JsonNode o : snapshot.path("groups")) {
            LogGroup g = new LogGroup(o.path("account").asText(), o.path("region").asText(), o.path("name").asText(),
                    o.path("creationTime").asLong());
            if (o.has("retentionInDays")) {
                g.retentionInDays = o.get("retentionInDays").asInt();
            }
            o.path("tags").fields().forEachRemaining(e -> g.tags.put(e.getKey(), e.getValue().asText()));
            for (JsonNode so : o.path("streams")) {
                LogStream s = new LogStream(so.path("name").asText(), so.path("creationTime").asLong());
                s.storedBytes = so.path("storedBytes").asLong();
                if (so.has("lastIngestionTime")) {
                    s.lastIngestionTime = so.get("lastIngestionTime").asLong();
                }
                for (JsonNode e : so.path("events")) {
                    s.events.add(new Event(e.path("t").asLong(), e.path("m").asText(), e.path("i").asLong(),
                            e.path("id").asLong()));
                }
                g.streams.put(s.name, s);
            }
            groups.put(key(g.account, g.region, g.name), g);
        }
    }
}
