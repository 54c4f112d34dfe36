package dev.uniformpipeline.core.deploy.plan;

import java.util.List;
import java.util.Objects;

import dev.uniformpipeline.core.deploy.ResourceRef;

/**
 * What the deploy will do to one object.
 *
 * @param ref    the object
 * @param action create, update, replace or nothing
 * @param fields the differing fields (empty for create and no change)
 * @param note   why, when it is not obvious (e.g. "task definitions are immutable: registers a new revision")
 */
public record ResourceChange(ResourceRef ref, Action action, List<FieldChange> fields, String note) {
    /** Kinds of change. */
    public enum Action {
        /** The object does not exist yet. */
        CREATE,
        /** The object exists and some fields differ. */
        UPDATE,
        /** A field that cannot be changed in place differs: the object must be deleted and created again. */
        REPLACE,
        /** The object matches the rendering. */
        NO_CHANGE
    }

    public ResourceChange {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(action, "action");
        fields = List.copyOf(fields);
        note = note == null ? "" : note;
    }
}
