package dev.uniformpipeline.localcloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * EventBridge event patterns: every field of the pattern must match the event; leaves are arrays of
 * alternatives: exact values (strings, numbers, booleans, null) or matchers {@code prefix}, {@code suffix},
 * {@code anything-but} (a value, a list or {@code {prefix:..}}), {@code exists}, {@code numeric},
 * {@code equals-ignore-case}. An array value in the event matches if any element matches.
 */
final class EventPattern {
    private static final Set<String> MATCHERS = Set.of("prefix", "suffix", "anything-but", "exists", "numeric",
            "equals-ignore-case");

    private EventPattern() {
    }

    /** Throws {@link IllegalArgumentException} with the reason when the pattern is not valid. */
    static void validate(JsonNode pattern) {
        if (pattern == null || !pattern.isObject()) {
            throw new IllegalArgumentException("Filter is not an object");
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("Empty objects are not allowed");
        }
        validateObject(pattern, "");
    }

    private static void validateObject(JsonNode o, String path) {
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("Empty objects are not allowed at " + p);
                }
                validateObject(v, p);
            } else if (v.isArray()) {
                for (JsonNode alt : v) {
                    if (alt.isObject()) {
                        validateMatcher(alt, p);
                    } else if (alt.isArray()) {
                        throw new IllegalArgumentException("Match value must be String, number, true, false, or null "
                                + "at " + p);
                    }
                }
            } else {
                throw new IllegalArgumentException("Match value must be an array at " + p + " (e.g. \"" + e.getKey()
                        + "\": [" + v + "])");
            }
        }
    }

    private static void validateMatcher(JsonNode m, String p) {
        if (m.size() != 1) {
            throw new IllegalArgumentException("A matcher object must have exactly one key at " + p);
        }
        String kind = m.fieldNames().next();
        JsonNode arg = m.get(kind);
        if (!MATCHERS.contains(kind)) {
            throw new IllegalArgumentException("Unrecognized match type " + kind + " at " + p);
        }
        switch (kind) {
            case "prefix", "suffix", "equals-ignore-case" -> {
                if (!arg.isTextual()) {
                    throw new IllegalArgumentException(kind + " match pattern must be a string at " + p);
                }
            }
            case "exists" -> {
                if (!arg.isBoolean()) {
                    throw new IllegalArgumentException("exists match pattern must be either true or false at " + p);
                }
            }
            case "numeric" -> {
                if (!arg.isArray() || arg.isEmpty() || arg.size() % 2 != 0) {
                    throw new IllegalArgumentException("numeric match needs operator/value pairs at " + p);
                }
                for (int i = 0; i < arg.size(); i += 2) {
                    if (!Set.of("<", "<=", "=", ">", ">=").contains(arg.get(i).asText()) || !arg.get(i + 1).isNumber()) {
                        throw new IllegalArgumentException("Bad numeric range operator or value at " + p);
                    }
                }
            }
            case "anything-but" -> {
                if (arg.isObject() && !(arg.size() == 1 && arg.has("prefix") && arg.get("prefix").isTextual())) {
                    throw new IllegalArgumentException("Unsupported anything-but pattern at " + p);
                }
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    static boolean matches(JsonNode pattern, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> it = pattern.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = event == null ? null : event.get(e.getKey());
            JsonNode p = e.getValue();
            if (p.isObject()) {
                if (value == null || !value.isObject() || !matches(p, value)) {
                    return false;
                }
            } else if (!leafMatches(p, value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean leafMatches(JsonNode alternatives, JsonNode value) {
        for (JsonNode alt : alternatives) {
            if (alt.isObject() && alt.has("exists")) {
                boolean present = value != null && !(value.isArray() && value.isEmpty());
                if (present == alt.get("exists").asBoolean()) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode v : value) {
                    if (one(alt, v)) {
                        return true;
                    }
                }
            } else if (one(alt, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean one(JsonNode alt, JsonNode v) {
        if (!alt.isObject()) {
            return equal(alt, v);
        }
        String kind = alt.fieldNames().next();
        JsonNode arg = alt.get(kind);
        return switch (kind) {
            case "prefix" -> v.isTextual() && v.asText().startsWith(arg.asText());
            case "suffix" -> v.isTextual() && v.asText().endsWith(arg.asText());
            case "equals-ignore-case" -> v.isTextual() && v.asText().toLowerCase(Locale.ROOT)
                    .equals(arg.asText().toLowerCase(Locale.ROOT));
            case "numeric" -> v.isNumber() && numeric(arg, v.doubleValue());
            case "anything-but" -> anythingBut(arg, v);
            default -> false;
        };
    }

    private static boolean anythingBut(JsonNode arg, JsonNode v) {
        if (arg.isObject()) {
            return v.isTextual() && !v.asText().startsWith(arg.get("prefix").asText());
        }
        if (arg.isArray()) {
            for (JsonNode a : arg) {
                if (equal(a, v)) {
                    return false;
                }
            }
            return true;
        }
        return !equal(arg, v);
    }

    private static boolean numeric(JsonNode ops, double x) {
        for (int i = 0; i < ops.size(); i += 2) {
            double b = ops.get(i + 1).doubleValue();
            boolean ok = switch (ops.get(i).asText()) {
                case "<" -> x < b;
                case "<=" -> x <= b;
                case "=" -> x == b;
                case ">" -> x > b;
                default -> x >= b;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(JsonNode a, JsonNode v) {
        if (a.isNumber() && v.isNumber()) {
            return a.doubleValue() == v.doubleValue();
        }
        return a.equals(v);
    }
}
