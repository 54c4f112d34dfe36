package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.v1.Key;
import dev.uniformpipeline.core.spec.v1.YamlEnum;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;

/** Reflection helpers shared by the binder, the dumper and the schema generator. */
final class ModelTypes {
    private static final Pattern DURATION = Pattern.compile(
            "(?:([0-9]+)h)?(?:([0-9]+)m(?!s))?(?:([0-9]+)s)?(?:([0-9]+)ms)?");

    private ModelTypes() {
    }

    /** Scalar value types that happen to be records. */
    static final java.util.Set<Class<?>> VALUE_TYPES = java.util.Set.of(
            dev.uniformpipeline.core.spec.v1.CpuQuantity.class, dev.uniformpipeline.core.spec.v1.MemorySize.class,
            dev.uniformpipeline.core.spec.v1.CountOrPercent.class, dev.uniformpipeline.core.spec.v1.SecretRef.class);

    /** True for a record that is a section of the file (a YAML map), not a scalar value type. */
    static boolean isSection(Class<?> type) {
        return type.isRecord() && !VALUE_TYPES.contains(type);
    }

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };
    private static final ClassValue<Map<String, RecordComponent>> KEYS = new ClassValue<>() {
        @Override
        protected Map<String, RecordComponent> computeValue(Class<?> type) {
            Map<String, RecordComponent> m = new LinkedHashMap<>();
            for (RecordComponent c : components(type)) {
                m.put(yamlKey(c), c);
            }
            return java.util.Collections.unmodifiableMap(m);
        }
    };
    private static final ClassValue<java.lang.reflect.Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Constructor<?> computeValue(Class<?> type) {
            RecordComponent[] cs = components(type);
            Class<?>[] types = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
            }
            try {
                return type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /**
     * The record components of a model type, cached: {@link Class#getRecordComponents()} builds new objects
     * (and parses their annotations again) on every call.
     */
    static RecordComponent[] components(Class<?> recordType) {
        return COMPONENTS.get(recordType);
    }

    /** The canonical constructor of a model record, cached. */
    static java.lang.reflect.Constructor<?> constructor(Class<?> recordType) {
        return CONSTRUCTORS.get(recordType);
    }

    /** The YAML key of a record component. */
    static String yamlKey(RecordComponent c) {
        Key k = c.getAnnotation(Key.class);
        return k != null ? k.value() : c.getName();
    }

    /** YAML keys of a record type, in declaration order, mapped to their components. */
    static Map<String, RecordComponent> keys(Class<?> recordType) {
        return KEYS.get(recordType);
    }

    /** The accepted spellings of a YAML enum. */
    static List<String> enumValues(Class<?> enumType) {
        List<String> values = new ArrayList<>();
        for (Object o : enumType.getEnumConstants()) {
            values.add(((YamlEnum) o).yaml());
        }
        return values;
    }

    /**
     * Parses {@code 10s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 0s}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        Duration d = Duration.ZERO;
        try {
            if (m.group(1) != null) {
                d = d.plusHours(Long.parseLong(m.group(1)));
            }
            if (m.group(2) != null) {
                d = d.plusMinutes(Long.parseLong(m.group(2)));
            }
            if (m.group(3) != null) {
                d = d.plusSeconds(Long.parseLong(m.group(3)));
            }
            if (m.group(4) != null) {
                d = d.plusMillis(Long.parseLong(m.group(4)));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return d;
    }

    /** A duration as written in a pipeline file: {@code 1h30m}, {@code 45s}, {@code 500ms}. */
    static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.toString();
    }
}
