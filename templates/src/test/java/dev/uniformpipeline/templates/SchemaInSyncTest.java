package dev.uniformpipeline.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.spec.PipelineSchema;
import dev.uniformpipeline.core.spec.v1.Key;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.Required;
import dev.uniformpipeline.core.spec.v1.YamlEnum;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps templates/schema/pipeline-v1.schema.json in step with the v1 model: the committed file equals what
 * the generator produces, and, checked independently by reflection, every record component is a schema
 * property (and no other key), required keys match {@link Required}, and every enum value is listed.
 * Regenerate with {@code ./mvnw -pl templates -am test -Dtest=SchemaInSyncTest -Dschema.write=true}.
 */
class SchemaInSyncTest {
    static final Path SCHEMA = Path.of("schema/pipeline-v1.schema.json");
    static final Path TEMPLATE_SCHEMA = Path.of("schema/pipeline-v1-template.schema.json");

    @Test
    void committedSchemaIsTheGeneratedOne() throws Exception {
        String generated = PipelineSchema.generate();
        String template = PipelineSchema.generateTemplateSchema();
        if (Boolean.getBoolean("schema.write")) {
            Files.writeString(SCHEMA, generated, StandardCharsets.UTF_8);
            Files.writeString(TEMPLATE_SCHEMA, template, StandardCharsets.UTF_8);
        }
        assertEquals(template, Files.readString(TEMPLATE_SCHEMA, StandardCharsets.UTF_8),
                "template schema drifted; regenerate with -Dschema.write=true");
        assertEquals(generated, Files.readString(SCHEMA, StandardCharsets.UTF_8),
                "schema drifted from the model; regenerate with -Dschema.write=true");
    }

    @Test
    void everyModelFieldRequiredKeyAndEnumValueIsInTheSchema() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        JsonNode defs = schema.get("$defs");
        Set<Class<?>> seen = new HashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(PipelineSpec.class));
        int checked = 0;
        while (!todo.isEmpty()) {
            Class<?> type = todo.remove(0);
            if (!seen.add(type)) {
                continue;
            }
            String name = type.getSimpleName().replaceFirst("Spec$", "");
            JsonNode def = defs.get(name);
            assertTrue(def != null, "no $defs/" + name + " for " + type.getName());
            Set<String> keys = new TreeSet<>();
            Set<String> required = new TreeSet<>();
            for (RecordComponent c : type.getRecordComponents()) {
                Key k = c.getAnnotation(Key.class);
                String key = k != null ? k.value() : c.getName();
                keys.add(key);
                if (c.isAnnotationPresent(Required.class)) {
                    required.add(key);
                }
                collect(c.getGenericType(), todo, defs);
                checked++;
            }
            if (type == PipelineSpec.class) {
                keys.addAll(PipelineSchema.LOADER_KEYS);
            }
            assertEquals(keys, names(def.get("properties").fieldNames()), "properties of $defs/" + name);
            assertEquals(required, def.has("required") ? names(def.get("required").elements()) : Set.of(),
                    "required of $defs/" + name);
            JsonNode partial = defs.get(name + "Partial");
            assertTrue(partial != null && !partial.has("required"), "$defs/" + name + "Partial has no required keys");
            assertEquals(keys, names(partial.get("properties").fieldNames()), "properties of $defs/" + name + "Partial");
            assertEquals(false, def.get("additionalProperties").asBoolean(), "unknown keys are flagged in " + name);
        }
        assertTrue(checked > 100, "walked the whole model (" + checked + " fields)");
    }

    private static void collect(Type t, List<Class<?>> todo, JsonNode defs) {
        if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                collect(a, todo, defs);
            }
            return;
        }
        Class<?> c = (Class<?>) t;
        if (c.isEnum() && YamlEnum.class.isAssignableFrom(c)) {
            Set<String> values = new LinkedHashSet<>();
            for (Object o : c.getEnumConstants()) {
                values.add(((YamlEnum) o).yaml());
            }
            JsonNode e = defs.get(c.getSimpleName());
            assertTrue(e != null, "no $defs/" + c.getSimpleName());
            assertEquals(values, new LinkedHashSet<>(names(e.get("enum").elements())), "enum " + c.getSimpleName());
        } else if (c.isRecord() && c.getPackageName().endsWith(".spec.v1") && c.getRecordComponents().length > 0
                && hasSectionShape(c)) {
            todo.add(c);
        }
    }

    private static boolean hasSectionShape(Class<?> c) {
        return !List.of("CpuQuantity", "MemorySize", "CountOrPercent", "SecretRef").contains(c.getSimpleName());
    }

    private static Set<String> names(Iterator<?> it) {
        Set<String> out = new TreeSet<>();
        it.forEachRemaining(o -> out.add(o instanceof JsonNode n ? n.asText() : o.toString()));
        return out;
    }
}
