package dev.uniformpipeline.localcloud.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import java.time.Instant;

/** JSON helpers shared by local-cloud's JSON services. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** AWS JSON-protocol timestamp: epoch seconds with a fractional part (millisecond precision). */
    public static JsonNode epochSeconds(Instant t) {
        return DecimalNode.valueOf(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    /** Reads an AWS JSON-protocol timestamp (epoch seconds, possibly fractional). */
    public static Instant instant(JsonNode n) {
        if (n.isNumber()) {
            return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        }
        return Instant.parse(n.asText());
    }
}
