package dev.uniformpipeline.jenkins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** The report JSON as plain maps and lists (serializable, readable from a Jenkinsfile: {@code r.image.digest}). */
public final class ReportMaps {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportMaps() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(String json) {
        try {
            return MAPPER.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a run report: " + e.getOriginalMessage(), e);
        }
    }
}
