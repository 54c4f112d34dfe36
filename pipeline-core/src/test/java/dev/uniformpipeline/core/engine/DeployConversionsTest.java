package dev.uniformpipeline.core.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.api.Rendering;
import dev.uniformpipeline.core.deploy.RenderedResource;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.TargetType;
import dev.uniformpipeline.core.deploy.plan.CurrentState;
import dev.uniformpipeline.core.deploy.plan.PlanDiff;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployConversionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RenderedTarget staging() {
        ObjectNode service = JSON.createObjectNode().put("serviceName", "orders").put("desiredCount", 2);
        TreeMap<String, String> docs = new TreeMap<>();
        docs.put("ecs/create-service.json", "{\"serviceName\":\"orders\"}");
        docs.put("k8s/deployment.yaml", "kind: Deployment\n");
        return new RenderedTarget("staging", TargetType.FARGATE,
                List.of(new RenderedResource(new ResourceRef(ResourceRef.ECS_SERVICE, "staging/orders"), service)),
                docs);
    }

    @Test
    void aRenderingKeepsItsDocumentsWithAMediaTypeFromTheName() {
        Rendering.RenderedTarget r = DeployConversions.rendering(staging());

        assertEquals("staging", r.name());
        assertEquals("fargate", r.type());
        assertEquals(List.of(new Rendering.Document("ecs/create-service.json", "application/json",
                        "{\"serviceName\":\"orders\"}"),
                new Rendering.Document("k8s/deployment.yaml", "application/yaml", "kind: Deployment\n")),
                r.documents());
    }

    @Test
    void aPlanDiffBecomesApiChangesWithFieldDetails() {
        ObjectNode live = JSON.createObjectNode().put("serviceName", "orders").put("desiredCount", 1)
                .put("status", "ACTIVE");
        CurrentState state = ref -> ref.kind().equals(ResourceRef.ECS_SERVICE) ? Optional.of(live) : Optional.empty();

        Plan.TargetPlan updated = DeployConversions.plan(PlanDiff.plan(staging(), state));
        Plan.TargetPlan created = DeployConversions.plan(PlanDiff.plan(staging(), CurrentState.empty()));

        Plan.Change update = updated.changes().get(0);
        assertEquals(Plan.Action.UPDATE, update.action());
        assertEquals("ecs:Service", update.resource());
        assertEquals("staging/orders", update.name());
        assertTrue(update.details().contains("desiredCount: 1 -> 2"), update.details().toString());
        assertEquals(Plan.Action.CREATE, created.changes().get(0).action());
        assertEquals("fargate", created.type());
    }
}
