package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.Stage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.api.EnvironmentException;
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
                Map.of(), false, List.of(), Map.of(), Optional.empty(), Stage.VERIFY, RunStart.fromSource());
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

    private RunRequest request(List<String> targets, Map<String, String> env) throws Exception {
        RunRequest r = request(targets);
        return new RunRequest(r.pipelineFile(), "pipeline.yml", dir, Optional.empty(), Map.of(), targets, env, false,
                List.of(), Map.of(), Optional.empty(), Stage.VERIFY, RunStart.fromSource());
    }

    private static Engine standardReaders() {
        return new Engine(new SpecPipelineLoader(), SpecPlanner.perRun(LiveStateReaders::forEnvironment),
                new SpecRendering(), StageWorks.standard(), Clock.systemUTC(), Duration.ofSeconds(10));
    }

    @Test
    void anEksTargetWithoutAnyClusterConnectionIsAnEnvironmentErrorNamingTheFix() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> standardReaders()
                .plan(request(List.of("prod-eks"), Map.of("HOME", home.toString()))));
        assertTrue(e.getMessage().startsWith("no Kubernetes connection for EKS target 'prod-eks'"), e.getMessage());
        assertTrue(e.getMessage().contains("set KUBECONFIG"), e.getMessage());
    }

    @Test
    void anUnreachableAwsEndpointIsAnEnvironmentErrorNamingTheTargetAndTheFix() throws Exception {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_MAX_ATTEMPTS", "1");
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> standardReaders().plan(request(List.of("staging"), env)));
        assertTrue(e.getMessage().startsWith("cannot reach AWS to read target 'staging'"), e.getMessage());
        assertTrue(e.getMessage().contains("AWS_ENDPOINT_URL"), e.getMessage());
    }
}
