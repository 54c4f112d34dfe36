package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.api.Rendering;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.plan.FieldChange;
import dev.uniformpipeline.core.deploy.plan.ResourceChange;
import dev.uniformpipeline.core.deploy.plan.TargetPlan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the deploy package's renderings and plans into the api's values (no deploy types leak into the api). */
final class DeployConversions {
    private DeployConversions() {
    }

    static Rendering.RenderedTarget rendering(RenderedTarget target) {
        List<Rendering.Document> docs = target.documents().entrySet().stream()
                .map(DeployConversions::document).toList();
        return new Rendering.RenderedTarget(target.target(), target.type().key(), docs);
    }

    private static Rendering.Document document(Map.Entry<String, String> e) {
        String name = e.getKey();
        String mediaType = name.endsWith(".json") ? "application/json"
                : name.endsWith(".yaml") || name.endsWith(".yml") ? "application/yaml" : "text/plain";
        return new Rendering.Document(name, mediaType, e.getValue());
    }

    static Plan.TargetPlan plan(TargetPlan plan) {
        return new Plan.TargetPlan(plan.target(), plan.type().key(),
                plan.changes().stream().map(DeployConversions::change).toList());
    }

    private static Plan.Change change(ResourceChange c) {
        Plan.Action action = switch (c.action()) {
            case CREATE -> Plan.Action.CREATE;
            case UPDATE -> Plan.Action.UPDATE;
            case REPLACE -> Plan.Action.REPLACE;
            case NO_CHANGE -> Plan.Action.NO_CHANGE;
        };
        return new Plan.Change(action, c.ref().kind(), c.ref().id(),
                c.fields().stream().map(FieldChange::toString).toList(),
                c.note().isEmpty() ? Optional.empty() : Optional.of(c.note()));
    }
}
