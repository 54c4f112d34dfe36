package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.v1.CountOrPercent;
import dev.uniformpipeline.core.spec.v1.CpuQuantity;
import dev.uniformpipeline.core.spec.v1.MemorySize;
import dev.uniformpipeline.core.spec.v1.SecretRef;
import dev.uniformpipeline.core.spec.v1.YamlEnum;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a model record back as YAML in the pipeline file's own syntax (defaults included, nulls left out). */
final class SpecDumper {
    private SpecDumper() {
    }

    static String dump(Object record) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setWidth(120);
        return new Yaml(o).dump(toPlain(record));
    }

    static Object toPlain(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Record r && ModelTypes.isSection(r.getClass())) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (RecordComponent c : ModelTypes.components(r.getClass())) {
                try {
                    Object x = toPlain(c.getAccessor().invoke(r));
                    if (x == null || (x instanceof List<?> l && l.isEmpty()) || (x instanceof Map<?, ?> mm && mm.isEmpty())) {
                        continue;
                    }
                    m.put(ModelTypes.yamlKey(c), x);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return m;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(toPlain(x)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), toPlain(x)));
            return out;
        }
        if (v instanceof YamlEnum e) {
            return e.yaml();
        }
        if (v instanceof Duration d) {
            return ModelTypes.formatDuration(d);
        }
        if (v instanceof CpuQuantity c) {
            return c.millicores() % 1000 == 0 ? (Object) (c.millicores() / 1000) : (Object) Double.valueOf(c.toString());
        }
        if (v instanceof MemorySize || v instanceof CountOrPercent || v instanceof SecretRef) {
            return v.toString();
        }
        return v;
    }
}
