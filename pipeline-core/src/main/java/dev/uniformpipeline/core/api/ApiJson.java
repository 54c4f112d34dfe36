package dev.uniformpipeline.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON shapes of the api values, written field by field so that the documented shape does not change when a
 * record gains a component. Package-private: callers use {@code toJson()} / {@code parse()}.
 */
final class ApiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ApiJson() {
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    // ---------------------------------------------------------------- run report

    static ObjectNode report(RunReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schemaVersion", r.schemaVersion());
        o.put("runId", r.runId());
        o.put("pipeline", r.pipeline());
        o.put("pipelineFile", r.pipelineFile());
        o.put("profile", r.profile().orElse(null));
        o.put("dryRun", r.dryRun());
        o.put("status", r.status().id());
        o.put("startedAt", r.startedAt().toString());
        o.put("finishedAt", r.finishedAt().toString());
        o.put("durationMillis", r.duration().toMillis());
        if (r.source().isPresent()) {
            ObjectNode s = o.putObject("source");
            s.put("revision", r.source().get().revision());
            s.put("ref", r.source().get().ref().orElse(null));
        } else {
            o.putNull("source");
        }
        if (r.image().isPresent()) {
            ObjectNode i = o.putObject("image");
            i.put("repository", r.image().get().repository());
            i.put("digest", r.image().get().digest().orElse(null));
            ArrayNode tags = i.putArray("tags");
            r.image().get().tags().forEach(tags::add);
            if (!r.image().get().platforms().isEmpty()) {
                ObjectNode platforms = i.putObject("platforms");
                r.image().get().platforms().forEach(platforms::put);
            }
        } else {
            o.putNull("image");
        }
        ArrayNode stages = o.putArray("stages");
        r.stages().forEach(s -> stages.add(stage(s)));
        ArrayNode targets = o.putArray("targets");
        for (RunReport.TargetReport t : r.targets()) {
            ObjectNode tn = targets.addObject();
            tn.put("name", t.name());
            tn.put("type", t.type());
            tn.put("outcome", t.outcome().id());
            tn.put("reason", t.reason().orElse(null));
            ArrayNode ts = tn.putArray("stages");
            t.stages().forEach(s -> ts.add(stage(s)));
        }
        if (r.failure().isPresent()) {
            RunReport.Failure f = r.failure().get();
            ObjectNode fn = o.putObject("failure");
            fn.put("stage", f.stage().id());
            fn.put("target", f.target().orElse(null));
            fn.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            fn.put("message", f.message());
        } else {
            o.putNull("failure");
        }
        if (r.cancellation().isPresent()) {
            RunReport.Cancellation c = r.cancellation().get();
            ObjectNode cn = o.putObject("cancellation");
            cn.put("requestedAt", c.requestedAt().toString());
            cn.put("reason", c.reason());
            cn.put("stage", c.stage().map(Stage::id).orElse(null));
            ArrayNode ct = cn.putArray("targets");
            c.targets().forEach(ct::add);
        } else {
            o.putNull("cancellation");
        }
        return o;
    }

    private static ObjectNode stage(RunReport.StageReport s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("stage", s.stage().id());
        n.put("target", s.target().orElse(null));
        n.put("status", s.status().id());
        n.put("startedAt", s.startedAt().map(Instant::toString).orElse(null));
        n.put("finishedAt", s.finishedAt().map(Instant::toString).orElse(null));
        if (s.duration().isPresent()) {
            n.put("durationMillis", s.duration().get().toMillis());
        } else {
            n.putNull("durationMillis");
        }
        n.put("reason", s.reason().orElse(null));
        return n;
    }

    static RunReport readReport(String json) {
        Reader r = new Reader(json, "run report");
        JsonNode o = r.root;
        r.schema(o, RunReport.SCHEMA_VERSION);
        JsonNode src = o.get("source");
        Optional<RunReport.Source> source = isNull(src) ? Optional.empty()
                : Optional.of(new RunReport.Source(r.text(src, "source.revision", "revision"),
                        r.optText(src, "ref")));
        JsonNode img = o.get("image");
        Optional<RunReport.Image> image = isNull(img) ? Optional.empty()
                : Optional.of(new RunReport.Image(r.text(img, "image.repository", "repository"),
                        r.optText(img, "digest"), r.strings(img, "image.tags", "tags"), platformsOf(img)));
        List<RunReport.StageReport> stages = r.list(o, "stages", "stages", n -> readStage(r, n));
        List<RunReport.TargetReport> targets = r.list(o, "targets", "targets", n -> new RunReport.TargetReport(
                r.text(n, "targets[].name", "name"), r.text(n, "targets[].type", "type"),
                r.enumOf(RunReport.TargetOutcome.class, r.text(n, "targets[].outcome", "outcome"), "targets[].outcome"),
                r.optText(n, "reason"), r.list(n, "targets[].stages", "stages", s -> readStage(r, s))));
        JsonNode f = o.get("failure");
        Optional<RunReport.Failure> failure = isNull(f) ? Optional.empty()
                : Optional.of(new RunReport.Failure(
                        r.stage(r.text(f, "failure.stage", "stage"), "failure.stage"), r.optText(f, "target"),
                        r.enumOf(PipelineException.Kind.class, r.text(f, "failure.kind", "kind"), "failure.kind"),
                        r.text(f, "failure.message", "message")));
        JsonNode c = o.get("cancellation");
        Optional<RunReport.Cancellation> cancellation = isNull(c) ? Optional.empty()
                : Optional.of(new RunReport.Cancellation(
                        r.instant(r.text(c, "cancellation.requestedAt", "requestedAt"), "cancellation.requestedAt"),
                        r.text(c, "cancellation.reason", "reason"),
                        r.optText(c, "stage").map(s -> r.stage(s, "cancellation.stage")),
                        r.strings(c, "cancellation.targets", "targets")));
        return new RunReport(o.get("schemaVersion").asInt(), r.text(o, "runId", "runId"),
                r.text(o, "pipeline", "pipeline"), r.text(o, "pipelineFile", "pipelineFile"),
                r.optText(o, "profile"), r.bool(o, "dryRun"),
                r.enumOf(RunReport.RunStatus.class, r.text(o, "status", "status"), "status"),
                r.instant(r.text(o, "startedAt", "startedAt"), "startedAt"),
                r.instant(r.text(o, "finishedAt", "finishedAt"), "finishedAt"),
                source, image, stages, targets, failure, cancellation);
    }

    private static RunReport.StageReport readStage(Reader r, JsonNode n) {
        return new RunReport.StageReport(r.stage(r.text(n, "stages[].stage", "stage"), "stages[].stage"),
                r.optText(n, "target"),
                r.enumOf(RunReport.StageStatus.class, r.text(n, "stages[].status", "status"), "stages[].status"),
                r.optText(n, "startedAt").map(s -> r.instant(s, "stages[].startedAt")),
                r.optText(n, "finishedAt").map(s -> r.instant(s, "stages[].finishedAt")),
                r.optText(n, "reason"));
    }

    // ---------------------------------------------------------------- plan

    static ObjectNode plan(Plan p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schemaVersion", p.schemaVersion());
        o.put("pipeline", p.pipeline());
        o.put("pipelineFile", p.pipelineFile());
        o.put("profile", p.profile().orElse(null));
        o.put("hasChanges", p.hasChanges());
        ArrayNode targets = o.putArray("targets");
        for (Plan.TargetPlan t : p.targets()) {
            ObjectNode tn = targets.addObject();
            tn.put("name", t.name());
            tn.put("type", t.type());
            ArrayNode changes = tn.putArray("changes");
            for (Plan.Change c : t.changes()) {
                ObjectNode cn = changes.addObject();
                cn.put("action", c.action().id());
                cn.put("resource", c.resource());
                cn.put("name", c.name());
                ArrayNode d = cn.putArray("details");
                c.details().forEach(d::add);
                cn.put("note", c.note().orElse(null));
            }
        }
        return o;
    }

    static Plan readPlan(String json) {
        Reader r = new Reader(json, "plan");
        JsonNode o = r.root;
        r.schema(o, Plan.SCHEMA_VERSION);
        return new Plan(o.get("schemaVersion").asInt(), r.text(o, "pipeline", "pipeline"),
                r.text(o, "pipelineFile", "pipelineFile"), r.optText(o, "profile"),
                r.list(o, "targets", "targets", t -> new Plan.TargetPlan(r.text(t, "targets[].name", "name"),
                        r.text(t, "targets[].type", "type"),
                        r.list(t, "targets[].changes", "changes", c -> new Plan.Change(
                                r.enumOf(Plan.Action.class, r.text(c, "changes[].action", "action"),
                                        "changes[].action"),
                                r.text(c, "changes[].resource", "resource"), r.text(c, "changes[].name", "name"),
                                r.strings(c, "changes[].details", "details"), r.optText(c, "note"))))));
    }

    // ---------------------------------------------------------------- validation, rendering

    static ObjectNode validation(ValidationResult v) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schemaVersion", v.schemaVersion());
        o.put("pipelineFile", v.pipelineFile());
        o.put("valid", v.valid());
        o.put("pipeline", v.pipeline().orElse(null));
        ArrayNode targets = o.putArray("targets");
        v.targets().forEach(t -> targets.addObject().put("name", t.name()).put("type", t.type()));
        ArrayNode problems = o.putArray("problems");
        for (Problem p : v.problems()) {
            ObjectNode pn = problems.addObject();
            pn.put("file", p.file());
            pn.put("line", p.line());
            pn.put("column", p.column());
            pn.put("path", p.path());
            pn.put("message", p.message());
            pn.put("hint", p.hint().isEmpty() ? null : p.hint());
        }
        return o;
    }

    static ObjectNode rendering(Rendering r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schemaVersion", 1);
        o.put("pipeline", r.pipeline());
        ArrayNode targets = o.putArray("targets");
        for (Rendering.RenderedTarget t : r.targets()) {
            ObjectNode tn = targets.addObject();
            tn.put("name", t.name());
            tn.put("type", t.type());
            ArrayNode docs = tn.putArray("documents");
            for (Rendering.Document d : t.documents()) {
                docs.addObject().put("name", d.name()).put("mediaType", d.mediaType()).put("content", d.content());
            }
        }
        return o;
    }

    // ---------------------------------------------------------------- reading helpers

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull();
    }

    /** Reads fields and names the one that is missing or wrong. */
    private static final class Reader {
        final JsonNode root;
        final String what;

        Reader(String json, String what) {
            this.what = what;
            try {
                this.root = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not a " + what + ": invalid JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a " + what + ": expected a JSON object");
            }
        }

        void schema(JsonNode o, int supported) {
            JsonNode v = o.get("schemaVersion");
            if (v == null || !v.isInt()) {
                throw fail("schemaVersion", "missing or not an integer");
            }
            if (v.asInt() > supported) {
                throw fail("schemaVersion", "version " + v.asInt() + " is newer than this reader (" + supported + ")");
            }
        }

        String text(JsonNode o, String path, String field) {
            JsonNode n = o.get(field);
            if (n == null || !n.isTextual()) {
                throw fail(path, "missing or not a string");
            }
            return n.asText();
        }

        Optional<String> optText(JsonNode o, String field) {
            JsonNode n = o.get(field);
            return isNull(n) ? Optional.empty() : Optional.of(n.asText());
        }

        boolean bool(JsonNode o, String field) {
            JsonNode n = o.get(field);
            if (n == null || !n.isBoolean()) {
                throw fail(field, "missing or not a boolean");
            }
            return n.asBoolean();
        }

        List<String> strings(JsonNode o, String path, String field) {
            return list(o, path, field, JsonNode::asText);
        }

        <T> List<T> list(JsonNode o, String path, String field, Function<JsonNode, T> each) {
            JsonNode n = o.get(field);
            if (n == null || !n.isArray()) {
                throw fail(path, "missing or not an array");
            }
            List<T> out = new ArrayList<>();
            n.forEach(e -> out.add(each.apply(e)));
            return out;
        }

        <E extends Enum<E>> E enumOf(Class<E> type, String id, String path) {
            try {
                return Enum.valueOf(type, id.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw fail(path, "unknown value '" + id + "'");
            }
        }

        Stage stage(String id, String path) {
            return enumOf(Stage.class, id, path);
        }

        Instant instant(String s, String path) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw fail(path, "not an ISO-8601 instant: '" + s + "'");
            }
        }

        IllegalArgumentException fail(String path, String message) {
            return new IllegalArgumentException("not a " + what + ": " + path + ": " + message);
        }
    }

    /** {@code image.platforms}: platform → manifest digest (absent for single-platform images). */
    private static java.util.Map<String, String> platformsOf(JsonNode img) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        JsonNode p = img.get("platforms");
        if (p != null && p.isObject()) {
            p.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
