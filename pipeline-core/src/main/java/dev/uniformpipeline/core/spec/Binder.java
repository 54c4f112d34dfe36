package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.YNode.Kind;
import dev.uniformpipeline.core.spec.YNode.YEntry;
import dev.uniformpipeline.core.spec.YNode.YMap;
import dev.uniformpipeline.core.spec.YNode.YScalar;
import dev.uniformpipeline.core.spec.YNode.YSeq;
import dev.uniformpipeline.core.spec.v1.CountOrPercent;
import dev.uniformpipeline.core.spec.v1.CpuQuantity;
import dev.uniformpipeline.core.spec.v1.Default;
import dev.uniformpipeline.core.spec.v1.LoadBalancerType;
import dev.uniformpipeline.core.spec.v1.LogDriver;
import dev.uniformpipeline.core.spec.v1.MemorySize;
import dev.uniformpipeline.core.spec.v1.Nullable;
import dev.uniformpipeline.core.spec.v1.Required;
import dev.uniformpipeline.core.spec.v1.SecretRef;
import dev.uniformpipeline.core.spec.v1.VolumeSpec;
import dev.uniformpipeline.core.spec.v1.YamlEnum;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a merged {@link YNode} tree into the v1 records, strictly: unknown keys (with "did you mean"),
 * wrong types, missing required keys and malformed quantities are reported, every one of them. Records every
 * value's origin by field path so later checks can point at the line.
 */
final class Binder {
    /** Keys that are refused with a specific explanation instead of "unknown key". */
    private static final Map<Class<?>, Map<String, String[]>> SPECIAL_KEYS = Map.of(
            VolumeSpec.class, Map.of("s3", new String[] {
                "S3 buckets cannot be mounted as volumes (neither ECS nor EKS supports it)",
                "use efs for a shared file system, or read the bucket from the application with the AWS SDK"
                        + " and grant access through iam.taskRole"}));
    /** Enum values refused with a specific explanation. */
    private static final Map<Class<?>, Map<String, String[]>> SPECIAL_VALUES = Map.of(
            LoadBalancerType.class, Map.of(
                    "classic", classic(), "elb", classic(), "clb", classic()),
            LogDriver.class, Map.of(
                    "awsfirelens", new String[] {"the driver is called 'firelens' in the pipeline file",
                        "write driver: firelens (rendered as awsfirelens)"}));
    private static final Map<String, YNode> DEFAULTS = new ConcurrentHashMap<>();

    private final ProblemSink sink;
    private final Map<String, Origin> origins;
    private final java.util.function.UnaryOperator<YNode> defaults;

    Binder(ProblemSink sink, Map<String, Origin> origins) {
        this(sink, origins, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param defaults applied to a {@code @Default} value before it is bound: after the checkout, defaults such as
     *                 {@code ["${git.sha}"]} must be substituted like written values
     */
    Binder(ProblemSink sink, Map<String, Origin> origins, java.util.function.UnaryOperator<YNode> defaults) {
        this.sink = sink;
        this.origins = origins;
        this.defaults = defaults;
    }

    private static String[] classic() {
        return new String[] {"Classic Load Balancers are not supported: ECS reports no rollout state with them"
                + " and Fargate (awsvpc, ip targets) cannot use them", "use type: alb (HTTP) or type: nlb (TCP)"};
    }

    /** Binds a record from a map node; {@code node} null binds from an empty map at {@code at}. */
    <T> T bindRecord(Class<T> type, YNode node, String path, Origin at) {
        YMap map;
        if (node == null) {
            map = new YMap(Map.of(), at);
        } else if (node instanceof YMap m) {
            map = m;
        } else {
            sink.add(node.origin(), path, "expected a map of settings, got " + node.describe(),
                    hintFor(type));
            return null;
        }
        Map<String, RecordComponent> keys = ModelTypes.keys(type);
        for (Map.Entry<String, YEntry> e : map.entries().entrySet()) {
            String key = e.getKey();
            if (keys.containsKey(key)) {
                continue;
            }
            String childPath = join(path, key);
            String[] special = SPECIAL_KEYS.getOrDefault(type, Map.of()).get(key);
            if (special != null) {
                sink.add(e.getValue().keyOrigin(), childPath, special[0], special[1]);
                origins.put(childPath, e.getValue().keyOrigin());
                continue;
            }
            String near = Suggest.nearest(key, keys.keySet());
            sink.add(e.getValue().keyOrigin(), childPath, "unknown key '" + key + "'",
                    near != null ? "did you mean '" + near + "'?" : "allowed keys: " + String.join(", ", keys.keySet()));
        }
        RecordComponent[] components = ModelTypes.components(type);
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String key = ModelTypes.yamlKey(c);
            String childPath = join(path, key);
            YNode child = map.get(key);
            boolean absent = child == null || (child instanceof YScalar s && s.kind() == Kind.NULL);
            if (!absent) {
                origins.put(childPath, child.origin());
                Object v = bindValue(c.getGenericType(), child, childPath);
                if (v == Failed.INSTANCE) {
                    v = fallback(c, childPath, map.origin());
                }
                args[i] = v;
                continue;
            }
            if (c.isAnnotationPresent(Required.class)) {
                Origin where = child != null ? child.origin() : map.origin();
                sink.add(where, childPath, child != null ? "'" + key + "' must have a value"
                        : "missing required key '" + key + "'", requiredHint(key, c.getType()));
                args[i] = null;
                continue;
            }
            args[i] = fallback(c, childPath, map.origin());
        }
        try {
            return type.cast(ModelTypes.constructor(type).newInstance(args));
        } catch (InvocationTargetException e) {
            sink.add(map.origin(), path, String.valueOf(e.getCause().getMessage()));
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("model record " + type.getName() + " cannot be built", e);
        }
    }

    /** The value of an absent (or failed) component: default, null, empty section, empty list or map. */
    private Object fallback(RecordComponent c, String path, Origin at) {
        Default d = c.getAnnotation(Default.class);
        if (d != null) {
            YNode node = defaults.apply(DEFAULTS.computeIfAbsent(
                    c.getDeclaringRecord().getName() + "." + c.getName(), k -> defaultNode(d.value())));
            ProblemSink scratch = new ProblemSink();
            Object v = new Binder(scratch, new LinkedHashMap<>()).bindValue(c.getGenericType(), node, path);
            if (!scratch.isEmpty() || v == Failed.INSTANCE) {
                throw new IllegalStateException("bad @Default on " + c + ": " + scratch.sorted());
            }
            return v;
        }
        if (c.isAnnotationPresent(Nullable.class)) {
            return null;
        }
        Class<?> t = c.getType();
        if (ModelTypes.isSection(t)) {
            return bindRecord(t, null, path, at);
        }
        if (t == List.class) {
            return List.of();
        }
        if (t == Map.class) {
            return Map.of();
        }
        return null;
    }

    private static YNode defaultNode(String text) {
        ProblemSink s = new ProblemSink();
        YNode n = new YamlReader(LoadLimits.defaults(), s).readString(text, "(default)");
        if (!s.isEmpty() || n == null) {
            throw new IllegalStateException("bad default " + text + ": " + s.sorted());
        }
        return n;
    }

    /** Marker for a value that could not be bound (a problem was reported). */
    enum Failed {
        INSTANCE
    }

    Object bindValue(Type type, YNode node, String path) {
        Class<?> raw = rawClass(type);
        if (raw == List.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (!(node instanceof YSeq seq)) {
                sink.add(node.origin(), path, "expected a list, got " + node.describe(),
                        "write a YAML list: [a, b] or one '- item' per line");
                return Failed.INSTANCE;
            }
            List<Object> out = new ArrayList<>();
            boolean failed = false;
            for (int i = 0; i < seq.items().size(); i++) {
                YNode it = seq.items().get(i);
                String p = path + "[" + i + "]";
                origins.put(p, it.origin());
                if (it instanceof YScalar s && s.kind() == Kind.NULL) {
                    sink.add(it.origin(), p, "list items must not be empty");
                    failed = true;
                    continue;
                }
                Object v = bindValue(item, it, p);
                if (v == Failed.INSTANCE || v == null) {
                    failed = true;
                } else {
                    out.add(v);
                }
            }
            return failed && out.isEmpty() && !seq.items().isEmpty() ? Failed.INSTANCE : Collections.unmodifiableList(out);
        }
        if (raw == Map.class) {
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            if (!(node instanceof YMap map)) {
                sink.add(node.origin(), path, "expected a map of NAME: value, got " + node.describe());
                return Failed.INSTANCE;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, YEntry> e : map.entries().entrySet()) {
                String p = path + "." + e.getKey();
                YNode v = e.getValue().value();
                origins.put(p, v.origin());
                if (v instanceof YScalar s && s.kind() == Kind.NULL) {
                    sink.add(v.origin(), p, "'" + e.getKey() + "' has no value", "write a value or remove the key");
                    continue;
                }
                Object b = bindValue(value, v, p);
                if (b != Failed.INSTANCE && b != null) {
                    out.put(e.getKey(), b);
                }
            }
            return Collections.unmodifiableMap(out);
        }
        if (ModelTypes.isSection(raw)) {
            Object r = bindRecord(raw, node, path, node.origin());
            return r == null ? Failed.INSTANCE : r;
        }
        if (!(node instanceof YScalar s)) {
            sink.add(node.origin(), path, "expected " + expected(raw) + ", got " + node.describe(), "");
            return Failed.INSTANCE;
        }
        if (s.text().contains("${") && raw != String.class && raw != SecretRef.class) {
            sink.add(s.origin(), path, "variables like '" + s.text() + "' are only allowed in text fields; this field"
                    + " needs " + expected(raw), "use ${env.NAME} (resolved when the file is loaded) or a literal value");
            return Failed.INSTANCE;
        }
        try {
            return scalar(raw, s, path);
        } catch (IllegalArgumentException e) {
            return Failed.INSTANCE;
        }
    }

    private Object scalar(Class<?> raw, YScalar s, String path) {
        String text = s.text();
        if (raw == String.class) {
            return text;
        }
        if (raw == Integer.class) {
            if (s.kind() == Kind.INT || (s.kind() == Kind.STR && text.matches("[0-9]+"))) {
                String t = text.replace("_", "");
                try {
                    BigInteger v = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
                    if (v.bitLength() < 32) {
                        return v.intValue();
                    }
                } catch (NumberFormatException e) {
                    // fall through
                }
                return fail(s, path, "'" + text + "' is not a whole number in range", "");
            }
            return fail(s, path, "expected a whole number, got " + s.describe(), hintNumber(text));
        }
        if (raw == Boolean.class) {
            if (s.kind() == Kind.BOOL && (text.equals("true") || text.equals("false"))) {
                return Boolean.valueOf(text);
            }
            return fail(s, path, "expected true or false, got " + s.describe(), "write true or false");
        }
        if (raw == Duration.class) {
            if (s.kind() == Kind.INT) {
                return fail(s, path, "duration '" + text + "' has no unit", "write " + text + "s (or ms, m, h)");
            }
            try {
                return ModelTypes.parseDuration(text);
            } catch (IllegalArgumentException e) {
                return fail(s, path, e.getMessage(), "write a duration like 10s, 5m, 1h30m or 500ms");
            }
        }
        if (raw == CpuQuantity.class) {
            if (s.kind() == Kind.BOOL) {
                return fail(s, path, "expected a cpu quantity, got " + s.describe(), "write vCPU (0.25, 1) or 250m");
            }
            try {
                return CpuQuantity.parse(text);
            } catch (IllegalArgumentException e) {
                String hint = "write vCPU like 0.25, 0.5, 1 or millicores like 250m";
                if (text.matches("[0-9]+") && Long.parseLong(text) >= 128) {
                    hint = "cpu is in vCPU, not ECS units: " + text + " units is cpu: "
                            + java.math.BigDecimal.valueOf(Long.parseLong(text)).divide(java.math.BigDecimal.valueOf(1024))
                                    .stripTrailingZeros().toPlainString();
                }
                return fail(s, path, e.getMessage(), hint);
            }
        }
        if (raw == MemorySize.class) {
            try {
                return MemorySize.parse(text);
            } catch (IllegalArgumentException e) {
                java.util.regex.Matcher dm = java.util.regex.Pattern.compile("([0-9.]+)\\s*([MmGg])[Bb]?").matcher(text.trim());
                String hint = dm.matches() ? "memory is counted in binary units: write " + dm.group(1)
                        + dm.group(2).toUpperCase(Locale.ROOT) + "iB" : "write 512MiB, 1GiB, 2Gi or a number of MiB";
                return fail(s, path, e.getMessage(), hint);
            }
        }
        if (raw == CountOrPercent.class) {
            try {
                return CountOrPercent.parse(text);
            } catch (IllegalArgumentException e) {
                return fail(s, path, e.getMessage(), "write a count like 1 or a percentage like 25%");
            }
        }
        if (raw == SecretRef.class) {
            if (text.isBlank()) {
                return fail(s, path, "a secret reference must not be empty", "write a Secrets Manager or SSM ARN");
            }
            return new SecretRef(text);
        }
        if (raw.isEnum() && YamlEnum.class.isAssignableFrom(raw)) {
            for (Object o : raw.getEnumConstants()) {
                if (((YamlEnum) o).yaml().equals(text)) {
                    return o;
                }
            }
            String[] special = SPECIAL_VALUES.getOrDefault(raw, Map.of()).get(text.toLowerCase(Locale.ROOT));
            if (special != null) {
                return fail(s, path, special[0], special[1]);
            }
            List<String> values = ModelTypes.enumValues(raw);
            String hint = Suggest.didYouMean(text, values);
            return fail(s, path, "expected one of " + String.join(", ", values) + ", got '" + text + "'", hint);
        }
        throw new IllegalStateException("unsupported model type " + raw);
    }

    private static String hintNumber(String text) {
        return text.matches("[0-9]+(\\.[0-9]+)?\\s*[A-Za-z%]+") ? "write the number without a unit" : "";
    }

    private Object fail(YScalar s, String path, String message, String hint) {
        sink.add(s.origin(), path, message, hint);
        throw new IllegalArgumentException(message);
    }

    static String expected(Class<?> raw) {
        if (raw == String.class || raw == SecretRef.class) {
            return "text";
        }
        if (raw == Integer.class) {
            return "a whole number";
        }
        if (raw == Boolean.class) {
            return "true or false";
        }
        if (raw == Duration.class) {
            return "a duration (10s, 5m)";
        }
        if (raw == CpuQuantity.class) {
            return "a cpu quantity (0.25, 1, 250m)";
        }
        if (raw == MemorySize.class) {
            return "a memory size (512MiB, 1GiB)";
        }
        if (raw == CountOrPercent.class) {
            return "a count or percentage (1, 25%)";
        }
        if (raw.isEnum()) {
            return "one of " + String.join(", ", ModelTypes.enumValues(raw));
        }
        return "a value";
    }

    private static String requiredHint(String key, Class<?> type) {
        return switch (key) {
            case "apiVersion" -> "add apiVersion: uniform.dev/v1";
            case "kind" -> "add kind: Pipeline";
            default -> "add '" + key + ":' (" + (type == List.class ? "a list"
                    : ModelTypes.isSection(type) || type == Map.class ? "a map of settings" : expected(type)) + ")";
        };
    }

    private static String hintFor(Class<?> type) {
        if (type == List.class) {
            return "write a YAML list";
        }
        if (ModelTypes.isSection(type) || type == Map.class) {
            return "";
        }
        return "expected " + expected(type);
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported type " + type);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
