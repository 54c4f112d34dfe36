package dev.uniformpipeline.templates;

import dev.uniformpipeline.core.spec.PipelineSchema;
import dev.uniformpipeline.core.spec.v1.Key;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.TargetSpec;
import dev.uniformpipeline.core.spec.v1.YamlEnum;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** REFERENCE.md documents every field of the model (by full path) and every enum value. */
class ReferenceDocTest {
    static final Set<String> VALUE_TYPES = Set.of("CpuQuantity", "MemorySize", "CountOrPercent", "SecretRef");

    @Test
    void everyFieldPathAndEnumValueIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("REFERENCE.md"));
        List<String> missing = new ArrayList<>();
        walk(PipelineSpec.class, "", doc, missing);
        for (String k : PipelineSchema.LOADER_KEYS) {
            if (!doc.contains("`" + k + "`")) {
                missing.add(k);
            }
        }
        assertEquals(List.of(), missing, "fields or values missing from REFERENCE.md");
    }

    private static void walk(Class<?> type, String prefix, String doc, List<String> missing) {
        for (RecordComponent c : type.getRecordComponents()) {
            Key k = c.getAnnotation(Key.class);
            String path = prefix + (k != null ? k.value() : c.getName());
            if (type == PipelineSpec.class && c.getName().equals("targets")) {
                path = "targets[]";
            }
            if (!doc.contains("`" + path + "`") && !path.equals("targets[]")) {
                missing.add(path);
            }
            Class<?> raw = c.getType();
            String next = path + ".";
            if (raw == List.class) {
                raw = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
                next = path.endsWith("[]") ? path + "." : path + "[].";
            }
            if (raw.isEnum()) {
                for (Object o : raw.getEnumConstants()) {
                    String v = ((YamlEnum) o).yaml();
                    if (!doc.contains("`" + v + "`")) {
                        missing.add(path + " value " + v);
                    }
                }
            }
            boolean section = raw.isRecord() && !VALUE_TYPES.contains(raw.getSimpleName());
            if (section && !(type == TargetSpec.class && c.getName().equals("service"))) {
                walk(raw, next, doc, missing);
            }
        }
    }
}
