package dev.uniformpipeline.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.core.spec.v1.CountOrPercent;
import dev.uniformpipeline.core.spec.v1.CpuQuantity;
import dev.uniformpipeline.core.spec.v1.Default;
import dev.uniformpipeline.core.spec.v1.MemorySize;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.Required;
import dev.uniformpipeline.core.spec.v1.SecretRef;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the JSON Schema (draft 2020-12) of the v1 pipeline file from the model records, so the schema
 * editors use ({@code # yaml-language-server: $schema=...}) cannot drift from what the loader accepts. A file
 * with {@code extends} is checked against the "Partial" definitions (no required keys: the template supplies
 * them); profiles are always partial.
 */
public final class PipelineSchema {
    /** The schema's {@code $id}. */
    public static final String ID = "https://uniform.dev/schema/pipeline-v1.schema.json";
    /** Keys the loader consumes before binding: they are in the schema but not in {@link PipelineSpec}. */
    public static final List<String> LOADER_KEYS = List.of("extends", "profiles");

    private static final String VAR = "\\$\\{[^}]+\\}";
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, ObjectNode> defs = new TreeMap<>();

    private PipelineSchema() {
    }

    /** The schema's {@code $id} for templates (partial pipeline files without {@code extends}). */
    public static final String TEMPLATE_ID = "https://uniform.dev/schema/pipeline-v1-template.schema.json";

    /**
     * The schema for templates: a partial pipeline (no required keys, {@code null} removes a key), pointing
     * at the main schema's partial definition. Editors use it for template files
     * ({@code # yaml-language-server: $schema=schema/pipeline-v1-template.schema.json}).
     */
    public static String generateTemplateSchema() {
        PipelineSchema g = new PipelineSchema();
        ObjectNode root = g.mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", TEMPLATE_ID);
        root.put("title", "Uniform Pipeline template (partial pipeline file), apiVersion uniform.dev/v1");
        root.put("$ref", "pipeline-v1.schema.json#/$defs/PipelinePartial");
        try {
            return g.mapper.writeValueAsString(root).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema as pretty-printed JSON, ending with a newline. */
    public static String generate() {
        PipelineSchema g = new PipelineSchema();
        try {
            return g.mapper.writeValueAsString(g.build()).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode build() {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", ID);
        root.put("title", "Uniform Pipeline file, apiVersion uniform.dev/v1");
        root.put("description", "One pipeline file: build, image, service intent, rollout and targets"
                + " (ecs-ec2, fargate, eks). Reference: templates/REFERENCE.md");
        root.put("type", "object");
        ObjectNode hasExtends = mapper.createObjectNode();
        hasExtends.putArray("required").add("extends");
        root.set("if", hasExtends);
        root.set("then", ref(PipelineSpec.class, true));
        root.set("else", ref(PipelineSpec.class, false));
        section(PipelineSpec.class, false);
        section(PipelineSpec.class, true);
        ObjectNode d = root.putObject("$defs");
        defs.forEach(d::set);
        d.set("variable", obj("type", "string").put("pattern", "^" + VAR + "$"));
        d.set("integer", anyOf(obj("type", "integer"), refTo("variable")));
        d.set("boolean", anyOf(obj("type", "boolean"), refTo("variable")));
        d.set("duration", anyOf(obj("type", "string").put("pattern", "^(?=[0-9])([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$")
                .put("description", "10s, 5m, 1h30m, 500ms"), refTo("variable")));
        d.set("cpu", anyOf(obj("type", "number").put("exclusiveMinimum", 0).put("maximum", 192)
                .put("description", "vCPU: 0.25, 0.5, 1, 2 (not ECS units)"),
                obj("type", "string").put("pattern", "^([0-9]+m|[0-9]+(\\.[0-9]+)?)$"), refTo("variable")));
        d.set("memory", anyOf(obj("type", "integer").put("minimum", 1).put("description", "MiB"),
                obj("type", "string").put("pattern", "^[0-9]+(\\.[0-9]+)?(MiB|GiB|Mi|Gi)?$")
                        .put("description", "512MiB, 1GiB, 2Gi"), refTo("variable")));
        d.set("countOrPercent", anyOf(obj("type", "integer").put("minimum", 0),
                obj("type", "string").put("pattern", "^[0-9]+%?$"), refTo("variable")));
        d.set("secretRef", obj("type", "string").put("pattern", "^(arn:|" + VAR + ")")
                .put("description", "Secrets Manager or SSM Parameter Store ARN; never the secret itself"));
        return root;
    }

    private static String defName(Class<?> type, boolean partial) {
        String n = type.getSimpleName().replaceFirst("Spec$", "");
        return partial ? n + "Partial" : n;
    }

    private ObjectNode section(Class<?> type, boolean partial) {
        String name = defName(type, partial);
        if (defs.containsKey(name)) {
            return ref(type, partial);
        }
        ObjectNode def = obj("type", "object");
        defs.put(name, def);
        def.put("additionalProperties", false);
        ObjectNode props = def.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        if (type == PipelineSpec.class) {
            props.set("extends", obj("type", "string").put("description",
                    "template file this file extends, relative to this file"));
        }
        for (RecordComponent c : ModelTypes.components(type)) {
            String key = ModelTypes.yamlKey(c);
            // a target's service is always an overlay on the top-level service
            boolean overlay = partial || (type == dev.uniformpipeline.core.spec.v1.TargetSpec.class
                    && c.getName().equals("service"));
            ObjectNode s = schemaOf(c.getGenericType(), overlay);
            Default dflt = c.getAnnotation(Default.class);
            if (dflt != null) {
                Object v = new Yaml(new SafeConstructor(new LoaderOptions())).load(dflt.value());
                s = s.has("$ref") ? (ObjectNode) obj("allOf", null).set("allOf", mapper.createArrayNode().add(s)) : s;
                s.set("default", mapper.valueToTree(v));
            }
            if (partial) {
                // in an overlay, null removes the inherited key
                ObjectNode n = anyOf(s, obj("type", "null"));
                s = n;
            }
            props.set(key, s);
            if (!partial && c.isAnnotationPresent(Required.class)) {
                required.add(key);
            }
        }
        if (type == PipelineSpec.class) {
            props.set("profiles", obj("type", "object").put("description",
                    "overlays chosen by name (--profile); merged like extends").set("additionalProperties",
                    ref(PipelineSpec.class, true)));
        }
        if (!required.isEmpty()) {
            def.set("required", required);
        }
        return ref(type, partial);
    }

    private ObjectNode schemaOf(Type type, boolean partial) {
        Class<?> raw = Binder.rawClass(type);
        if (raw == List.class) {
            ObjectNode n = obj("type", "array");
            n.set("items", schemaOf(((ParameterizedType) type).getActualTypeArguments()[0], partial));
            return n;
        }
        if (raw == Map.class) {
            ObjectNode n = obj("type", "object");
            n.set("additionalProperties", schemaOf(((ParameterizedType) type).getActualTypeArguments()[1], partial));
            return n;
        }
        if (raw == String.class) {
            return obj("type", "string");
        }
        if (raw == Integer.class) {
            return refTo("integer");
        }
        if (raw == Boolean.class) {
            return refTo("boolean");
        }
        if (raw == Duration.class) {
            return refTo("duration");
        }
        if (raw == CpuQuantity.class) {
            return refTo("cpu");
        }
        if (raw == MemorySize.class) {
            return refTo("memory");
        }
        if (raw == CountOrPercent.class) {
            return refTo("countOrPercent");
        }
        if (raw == SecretRef.class) {
            return refTo("secretRef");
        }
        if (raw.isEnum()) {
            String name = raw.getSimpleName();
            if (!defs.containsKey(name)) {
                ObjectNode e = obj("type", "string");
                ArrayNode values = e.putArray("enum");
                ModelTypes.enumValues(raw).forEach(values::add);
                defs.put(name, e);
            }
            return refTo(name);
        }
        if (ModelTypes.isSection(raw)) {
            return section(raw, partial);
        }
        throw new IllegalStateException("no schema for " + raw);
    }

    private ObjectNode ref(Class<?> type, boolean partial) {
        return refTo(defName(type, partial));
    }

    private ObjectNode refTo(String def) {
        return obj("$ref", "#/$defs/" + def);
    }

    private ObjectNode anyOf(JsonNode... options) {
        ObjectNode n = mapper.createObjectNode();
        ArrayNode a = n.putArray("anyOf");
        for (JsonNode o : options) {
            a.add(o);
        }
        return n;
    }

    private ObjectNode obj(String key, String value) {
        ObjectNode n = mapper.createObjectNode();
        if (value != null) {
            n.put(key, value);
        }
        return n;
    }
}
