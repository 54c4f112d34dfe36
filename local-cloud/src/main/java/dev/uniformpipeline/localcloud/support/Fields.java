package dev.uniformpipeline.localcloud.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and validates JSON-protocol request members, failing the way AWS does:
 * {@code 1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: ...} with the
 * service's validation error code (InvalidParameterException for Logs, ValidationException for others).
 */
public final class Fields {
    private final String code;

    public Fields(String code) {
        this.code = code;
    }

    public AwsException invalid(String message) {
        return AwsException.client(code, message);
    }

    public AwsException constraint(String field, Object value, String constraint) {
        String v = value == null ? "null" : "'" + value + "'";
        return invalid("1 validation error detected: Value " + v + " at '" + field + "' failed to satisfy "
                + "constraint: " + constraint);
    }

    public String required(JsonNode in, String field) throws AwsException {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            throw constraint(field, null, "Member must not be null");
        }
        if (!n.isTextual()) {
            throw invalid("Member " + field + " must be a string");
        }
        return n.asText();
    }

    public String optional(JsonNode in, String field) throws AwsException {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw invalid("Member " + field + " must be a string");
        }
        return n.asText();
    }

    public Integer optionalInt(JsonNode in, String field) throws AwsException {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw invalid("Member " + field + " must be an integer");
        }
        return n.intValue();
    }

    public Long optionalLong(JsonNode in, String field) throws AwsException {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw invalid("Member " + field + " must be an integer");
        }
        return n.longValue();
    }

    public Double optionalDouble(JsonNode in, String field) throws AwsException {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw invalid("Member " + field + " must be a number");
        }
        return n.doubleValue();
    }

    public boolean optionalBool(JsonNode in, String field, boolean dflt) throws AwsException {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw invalid("Member " + field + " must be a boolean");
        }
        return n.booleanValue();
    }

    public List<String> stringList(JsonNode in, String field) throws AwsException {
        JsonNode n = in.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw invalid("Member " + field + " must be a list");
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw invalid("Member " + field + " must be a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    public void length(String field, String value, int min, int max) throws AwsException {
        if (value != null && (value.length() < min || value.length() > max)) {
            throw constraint(field, value, "Member must have length " + (value.length() < min
                    ? "greater than or equal to " + min : "less than or equal to " + max));
        }
    }

    public void range(String field, Number value, long min, long max) throws AwsException {
        if (value != null && (value.doubleValue() < min || value.doubleValue() > max)) {
            throw constraint(field, value, "Member must have value " + (value.doubleValue() < min
                    ? "greater than or equal to " + min : "less than or equal to " + max));
        }
    }

    public void pattern(String field, String value, Pattern pattern) throws AwsException {
        if (value != null && !pattern.matcher(value).matches()) {
            throw constraint(field, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }
}
