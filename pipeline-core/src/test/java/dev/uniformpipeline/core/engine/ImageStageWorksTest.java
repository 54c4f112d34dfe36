package dev.uniformpipeline.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.registry.RegistryException;
import dev.uniformpipeline.core.spec.v1.LifecycleRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageStageWorksTest {
    @Test
    void lifecycleRulesOfThePipelineFileBecomeAValidEcrPolicy() throws Exception {
        String json = ImageStageWorks.lifecycle(List.of(
                new LifecycleRule(30, null, null, List.of("v"), null),
                new LifecycleRule(null, 7, null, List.of(), null),
                new LifecycleRule(100, null, null, List.of(), null))).toJson();
        JsonNode rules = new ObjectMapper().readTree(json).path("rules");
        assertEquals(3, rules.size());
        assertEquals("untagged", rules.get(0).path("selection").path("tagStatus").asText());
        assertEquals("v", rules.get(1).path("selection").path("tagPrefixList").get(0).asText());
        assertEquals(30, rules.get(1).path("selection").path("countNumber").asInt());
        assertEquals("any", rules.get(2).path("selection").path("tagStatus").asText());
        assertEquals(100, rules.get(2).path("selection").path("countNumber").asInt());
    }

    @Test
    void noRulesLeaveThePolicyAloneAndUnsupportedRulesAreRefused() throws Exception {
        assertNull(ImageStageWorks.lifecycle(List.of()));
        RegistryException e = assertThrows(RegistryException.class, () -> ImageStageWorks.lifecycle(
                List.of(new LifecycleRule(null, null, 30, List.of(), null))));
        assertTrue(e.getMessage().contains("image.ecr.lifecycle"), e.getMessage());
    }
}
