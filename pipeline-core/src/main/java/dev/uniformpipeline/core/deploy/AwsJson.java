package dev.uniformpipeline.core.deploy;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Writes AWS SDK v2 request objects as JSON with the API's own member names (the SDK's field location
 * names: {@code containerDefinitions} for ECS, {@code HealthCheckPath} for ELBv2), in model order, leaving
 * out unset members. The output is what {@code aws <service> <op> --cli-input-json} accepts.
 */
public final class AwsJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AwsJson() {
    }

    public static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode out = F.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            if (field.location() != MarshallLocation.PAYLOAD) {
                continue;
            }
            JsonNode v = value(field.getValueOrDefault(pojo));
            if (v != null) {
                out.set(field.locationName(), v);
            }
        }
        return out;
    }

    private static JsonNode value(Object v) {
        if (v == null || v instanceof SdkAutoConstructList || v instanceof SdkAutoConstructMap) {
            return null;
        }
        if (v instanceof SdkPojo p) {
            return toJson(p);
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = F.arrayNode();
            for (Object o : c) {
                JsonNode n = value(o);
                a.add(n == null ? F.nullNode() : n);
            }
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, val) -> {
                JsonNode n = value(val);
                if (n != null) {
                    o.set(String.valueOf(k), n);
                }
            });
            return o;
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return F.numberNode(i);
        }
        if (v instanceof Long l) {
            return F.numberNode(l);
        }
        if (v instanceof Double d) {
            return F.numberNode(d);
        }
        if (v instanceof Float f) {
            return F.numberNode(f);
        }
        if (v instanceof java.math.BigDecimal d) {
            return F.numberNode(d);
        }
        if (v instanceof Instant t) {
            return F.numberNode(t.getEpochSecond());
        }
        if (v instanceof SdkBytes b) {
            return F.textNode(java.util.Base64.getEncoder().encodeToString(b.asByteArray()));
        }
        return F.textNode(String.valueOf(v));
    }

    /**
     * The reverse of {@link #toJson}: fills an SDK request builder from a rendered document (after the deployer
     * replaced the {@link Placeholders}), e.g. {@code AwsJson.read(json, RegisterTaskDefinitionRequest.builder()).build()}.
     *
     * @throws IllegalArgumentException naming the member that is unknown or has the wrong type
     */
    public static <B extends SdkPojo> B read(JsonNode json, B builder) {
        fill(json, builder, "");
        return builder;
    }

    private static void fill(JsonNode json, SdkPojo builder, String path) {
        if (!json.isObject()) {
            throw new IllegalArgumentException(path + ": expected an object");
        }
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SdkField<?> field = builder.sdkFields().stream()
                    .filter(f -> f.location() == MarshallLocation.PAYLOAD && f.locationName().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(path + e.getKey() + ": not a member of this request"));
            field.set(builder, convert(field, e.getValue(), path + e.getKey()));
        }
    }

    private static Object convert(SdkField<?> field, JsonNode v, String path) {
        if (v.isNull()) {
            return null;
        }
        software.amazon.awssdk.core.protocol.MarshallingType<?> t = field.marshallingType();
        try {
            if (t == software.amazon.awssdk.core.protocol.MarshallingType.STRING) {
                return textOf(v, path);
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.INTEGER) {
                return v.intValue();
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.LONG) {
                return v.longValue();
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.BOOLEAN) {
                return v.booleanValue();
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.DOUBLE) {
                return v.doubleValue();
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.FLOAT) {
                return v.floatValue();
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.BIG_DECIMAL) {
                return v.decimalValue();
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.INSTANT) {
                return Instant.ofEpochSecond(v.longValue());
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.SDK_BYTES) {
                return SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(textOf(v, path)));
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.SDK_POJO) {
                SdkPojo nested = field.constructor().get();
                fill(v, nested, path + ".");
                return ((software.amazon.awssdk.utils.builder.Buildable) nested).build();
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.LIST) {
                SdkField<?> member = field.getRequiredTrait(software.amazon.awssdk.core.traits.ListTrait.class).memberFieldInfo();
                java.util.List<Object> out = new java.util.ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    out.add(convert(member, v.get(i), path + "[" + i + "]"));
                }
                return out;
            } else if (t == software.amazon.awssdk.core.protocol.MarshallingType.MAP) {
                SdkField<?> value = field.getRequiredTrait(software.amazon.awssdk.core.traits.MapTrait.class).valueFieldInfo();
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                v.fields().forEachRemaining(e -> out.put(e.getKey(), convert(value, e.getValue(), path + "." + e.getKey())));
                return out;
            }
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(path + ": unsupported member type " + t);
    }

    private static String textOf(JsonNode v, String path) {
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(path + ": expected a string");
        }
        return v.asText();
    }

    /** Pretty JSON text with a trailing newline. */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
