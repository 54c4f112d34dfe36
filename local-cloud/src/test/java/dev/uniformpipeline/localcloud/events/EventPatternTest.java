package dev.uniformpipeline.localcloud.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EventPatternTest {
    static final ObjectMapper M = new ObjectMapper();
    static final String EVENT = "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"resources\":[\"a\",\"b\"],"
            + "\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"in/x.csv\",\"size\":42},\"reason\":\"PutObject\"}}";

    static boolean match(String pattern) throws Exception {
        JsonNode p = M.readTree(pattern);
        EventPattern.validate(p);
        return EventPattern.matches(p, M.readTree(EVENT));
    }

    @Test
    void s3ObjectCreatedPatternFromTheDocsMatches() throws Exception {
        assertTrue(match("{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],\"detail\":{\"bucket\":"
                + "{\"name\":[\"b\"]},\"object\":{\"key\":[{\"prefix\":\"in/\"}]}}}"));
        assertFalse(match("{\"source\":[\"aws.s3\"],\"detail\":{\"object\":{\"key\":[{\"prefix\":\"out/\"}]}}}"));
    }

    @Test
    void exactValuesAnythingButExistsNumericAndArrays() throws Exception {
        assertTrue(match("{\"source\":[\"aws.ecs\",\"aws.s3\"]}"));
        assertFalse(match("{\"source\":[\"aws.ecs\"]}"));
        assertTrue(match("{\"detail\":{\"reason\":[{\"anything-but\":[\"CopyObject\",\"POST Object\"]}]}}"));
        assertFalse(match("{\"detail\":{\"reason\":[{\"anything-but\":\"PutObject\"}]}}"));
        assertFalse(match("{\"detail\":{\"reason\":[{\"anything-but\":{\"prefix\":\"Put\"}}]}}"));
        assertTrue(match("{\"detail\":{\"missing\":[{\"exists\":false}],\"reason\":[{\"exists\":true}]}}"));
        assertTrue(match("{\"detail\":{\"object\":{\"size\":[{\"numeric\":[\">\",10,\"<=\",42]}]}}}"));
        assertFalse(match("{\"detail\":{\"object\":{\"size\":[{\"numeric\":[\">\",42]}]}}}"));
        assertTrue(match("{\"resources\":[\"b\"]}"), "an array value matches when any element matches");
        assertTrue(match("{\"detail\":{\"object\":{\"key\":[{\"suffix\":\".csv\"}]}}}"));
        assertFalse(match("{\"detail\":{\"nothing\":[\"x\"]}}"));
    }

    @Test
    void invalidPatternsAreRejected() {
        for (String bad : new String[] {"{}", "[]", "{\"source\":\"aws.s3\"}", "{\"source\":[{\"regex\":\"x\"}]}",
                "{\"detail\":{}}", "{\"a\":[{\"numeric\":[\">\"]}]}"}) {
            assertThrows(IllegalArgumentException.class, () -> EventPattern.validate(M.readTree(bad)), bad);
        }
    }
}
