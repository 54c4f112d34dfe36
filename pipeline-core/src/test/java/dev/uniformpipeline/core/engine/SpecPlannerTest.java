package dev.uniformpipeline.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.api.StageNotImplementedException;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.spec.ResolvedTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan through the engine: render, read the live state (a fake here), diff, documented JSON. */
class SpecPlannerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunRequest request(List<String> targets) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/spec/basic.yml")) {
            Files.write(dir.resolve("pipeline.yml"), in.readAllBytes());
        }
        return new RunRequest(dir.resolve("pipeline.yml"), "pipeline.yml", dir, Optional.empty(), Map.of(), targets,
                Map.of(), false, List.of(), Map.of(), Optional.empty());
    }

    private static Engine engine(LiveStateReader reader) {
        return new Engine(new SpecPipelineLoader(), new SpecPlanner(reader), new SpecRendering(),
                StageWorks.standard(), Clock.systemUTC(), Duration.ofSeconds(10));
    }

    @Test
    void aServiceThatExistsIsAnUpdateAndTheRestIsCreatedAndTheJsonIsTheDocumentedShape() throws Exception {
        List<String> read = new ArrayList<>();
        LiveStateReader reader = (ResolvedTarget target) -> {
            read.add(target.name());
            return ref -> ref.kind().equals(ResourceRef.ECS_SERVICE)
                    ? Optional.of(JSON.createObjectNode().put("serviceName", "orders").put("desiredCount", 7)
                    .put("status", "ACTIVE"))
                    : Optional.empty();
        };

        Plan plan = engine(reader).plan(request(List.of("staging")));

        assertEquals(List.of("staging"), read);
        Plan.TargetPlan target = plan.targets().get(0);
        assertEquals("staging", target.name());
        assertEquals("fargate", target.type());
        Plan.Change service = target.changes().stream().filter(c -> c.resource().equals("ecs:Service"))
                .findFirst().orElseThrow();
        // it exists: changed in place or replaced (the fake lacks fields ECS cannot change in place), never created
        assertTrue(service.action() == Plan.Action.UPDATE || service.action() == Plan.Action.REPLACE, service.toString());
        assertTrue(service.details().stream().anyMatch(d -> d.startsWith("deploymentConfiguration: (none) -> ")),
                service.toString());
        assertTrue(target.changes().stream().anyMatch(c -> c.resource().equals("ecs:TaskDefinition")
                && c.action() == Plan.Action.CREATE), target.toString());
        assertTrue(plan.hasChanges());

        assertEquals(plan, Plan.parse(plan.toJson()));
        JsonNode json = JSON.readTree(plan.toJson());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("orders", json.get("pipeline").asText());
        assertTrue(json.get("hasChanges").asBoolean());
        JsonNode change = json.get("targets").get(0).get("changes").get(0);
        assertTrue(change.has("action") && change.has("resource") && change.has("name") && change.has("details")
                && change.has("note"), change.toString());
    }

    @Test
    void thisBuildHasNoLiveStateReaderAndSaysSo() throws Exception {
        StageNotImplementedException e = assertThrows(StageNotImplementedException.class,
                () -> engine(SpecPlanner.NOT_IMPLEMENTED).plan(request(List.of("prod-eks"))));
        assertTrue(e.getMessage().startsWith("not implemented yet: plan for eks target 'prod-eks' (reading its live "
                + "state: Kubernetes GETs"), e.getMessage());
    }
}
