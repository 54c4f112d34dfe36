package dev.uniformpipeline.core.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run would create or change, per target, computed without changing anything. Immutable.
 * {@link #toJson()} writes the documented shape (docs/plan.md, {@code schemaVersion} 1); {@link #parse} reads it.
 */
public record Plan(int schemaVersion, String pipeline, String pipelineFile, Optional<String> profile,
                   List<TargetPlan> targets) {

    public static final int SCHEMA_VERSION = 1;

    public Plan {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(pipelineFile, "pipelineFile");
        Objects.requireNonNull(profile, "profile");
        targets = List.copyOf(targets);
    }

    /** True if any target would get a create, update or delete. */
    public boolean hasChanges() {
        return targets.stream().flatMap(t -> t.changes().stream()).anyMatch(c -> c.action() != Action.NO_CHANGE);
    }

    public String toJson() {
        return ApiJson.write(ApiJson.plan(this));
    }

    public static Plan parse(String json) {
        return ApiJson.readPlan(json);
    }

    /** The changes for one target. */
    public record TargetPlan(String name, String type, List<Change> changes) {
        public TargetPlan {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            changes = List.copyOf(changes);
        }
    }

    /**
     * One resource that would be created, updated, deleted or left as it is.
     *
     * @param resource the kind of resource, e.g. {@code ecs:TaskDefinition}, {@code apps/v1:Deployment}
     * @param name     its name (family, service name, object name)
     * @param details  human-readable field changes, e.g. {@code image: orders:1 -> orders:2}
     * @param note     why, when it is not obvious (e.g. "task definitions are immutable: registers a new revision")
     */
    public record Change(Action action, String resource, String name, List<String> details, Optional<String> note) {
        public Change {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(name, "name");
            details = List.copyOf(details);
            Objects.requireNonNull(note, "note");
        }
    }

    /** What a run would do to a resource. {@code REPLACE}: a field that cannot change in place differs. */
    public enum Action {
        CREATE, UPDATE, REPLACE, DELETE, NO_CHANGE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
