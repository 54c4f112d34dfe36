package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecyclePolicyTest {
    private static JsonNode json(LifecyclePolicy p) throws Exception {
        return new ObjectMapper().readTree(p.toJson());
    }

    @Test
    void keepLastAndUntaggedGiveTwoRulesWithAnyLast() throws Exception {
        JsonNode rules = json(LifecyclePolicy.builder().keepLast(30).untaggedOlderThanDays(7).build()).path("rules");
        assertEquals(2, rules.size());
        JsonNode untagged = rules.get(0);
        assertEquals(1, untagged.path("rulePriority").asInt());
        assertEquals("untagged", untagged.path("selection").path("tagStatus").asText());
        assertEquals("sinceImagePushed", untagged.path("selection").path("countType").asText());
        assertEquals("days", untagged.path("selection").path("countUnit").asText());
        assertEquals(7, untagged.path("selection").path("countNumber").asInt());
        assertFalse(untagged.path("selection").has("tagPrefixList"));
        JsonNode any = rules.get(1);
        assertEquals(2, any.path("rulePriority").asInt());
        assertEquals("any", any.path("selection").path("tagStatus").asText());
        assertEquals("imageCountMoreThan", any.path("selection").path("countType").asText());
        assertFalse(any.path("selection").has("countUnit"), "countUnit only with sinceImagePushed");
        assertEquals(30, any.path("selection").path("countNumber").asInt());
        assertEquals("expire", any.path("action").path("type").asText());
    }

    @Test
    void protectedPrefixesComeFirstEachInItsOwnTaggedRule() throws Exception {
        JsonNode rules = json(LifecyclePolicy.builder().protect("release-").protect("prod-").keepLast(10, "pr-")
                .keepLast(50).untaggedOlderThanDays(3).build()).path("rules");
        assertEquals(5, rules.size());
        assertEquals("release-", rules.get(0).path("selection").path("tagPrefixList").get(0).asText());
        assertEquals("tagged", rules.get(0).path("selection").path("tagStatus").asText());
        assertEquals(LifecyclePolicy.PROTECT_COUNT, rules.get(0).path("selection").path("countNumber").asInt());
        assertEquals("prod-", rules.get(1).path("selection").path("tagPrefixList").get(0).asText());
        assertEquals("untagged", rules.get(2).path("selection").path("tagStatus").asText());
        assertEquals("pr-", rules.get(3).path("selection").path("tagPrefixList").get(0).asText());
        assertEquals("any", rules.get(4).path("selection").path("tagStatus").asText());
        Set<Integer> priorities = new HashSet<>();
        int last = 0;
        for (JsonNode r : rules) {
            int p = r.path("rulePriority").asInt();
            assertTrue(priorities.add(p), "unique priorities");
            assertTrue(p > last, "ascending");
            last = p;
            String status = r.path("selection").path("tagStatus").asText();
            assertEquals(status.toLowerCase(java.util.Locale.ROOT), status, "lower-case tagStatus");
            assertEquals(status.equals("tagged"), r.path("selection").has("tagPrefixList"));
        }
        assertEquals("any", rules.get(rules.size() - 1).path("selection").path("tagStatus").asText());
    }

    @Test
    void policyTextIsWithinEcrLengthLimits() {
        String text = LifecyclePolicy.builder().untaggedOlderThanDays(1).build().toJson();
        assertTrue(text.length() >= 100 && text.length() <= 30_720, "length " + text.length());
    }

    @Test
    void invalidCombinationsAreRejectedNamingTheField() {
        IllegalArgumentException twoUntagged = assertThrows(IllegalArgumentException.class,
                () -> LifecyclePolicy.builder().untaggedOlderThanDays(1).untaggedOlderThanDays(2));
        assertTrue(twoUntagged.getMessage().contains("untaggedOlderThanDays"), twoUntagged.getMessage());
        IllegalArgumentException twoAny = assertThrows(IllegalArgumentException.class,
                () -> LifecyclePolicy.builder().keepLast(1).keepLast(2));
        assertTrue(twoAny.getMessage().contains("keepLast"), twoAny.getMessage());
        IllegalArgumentException repeatedPrefix = assertThrows(IllegalArgumentException.class,
                () -> LifecyclePolicy.builder().protect("v").keepLast(3, "v").build());
        assertTrue(repeatedPrefix.getMessage().contains("'v'"), repeatedPrefix.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LifecyclePolicy.builder().keepLast(0));
        assertThrows(IllegalArgumentException.class, () -> LifecyclePolicy.builder().protect("rel*"));
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> LifecyclePolicy.builder().protect("release-").build());
        assertTrue(nothing.getMessage().contains("no rule expires"), nothing.getMessage());
    }
}
