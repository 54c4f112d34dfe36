package dev.uniformpipeline.core.deploy.plan;

import java.util.List;

import dev.uniformpipeline.core.deploy.TargetType;

/**
 * The plan for one target: every rendered object and what happens to it, in rendering order.
 *
 * @param target  target name
 * @param type    target type
 * @param changes one entry per rendered object
 */
public record TargetPlan(String target, TargetType type, List<ResourceChange> changes) {
    public TargetPlan {
        changes = List.copyOf(changes);
    }

    /** Whether anything would change. */
    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action() != ResourceChange.Action.NO_CHANGE);
    }

    /** The entries with this action. */
    public List<ResourceChange> withAction(ResourceChange.Action action) {
        return changes.stream().filter(c -> c.action() == action).toList();
    }

    /** A short human summary, e.g. {@code staging: 1 to create, 2 to update, 0 to replace, 3 unchanged}. */
    public String summary() {
        return target + ": " + withAction(ResourceChange.Action.CREATE).size() + " to create, "
                + withAction(ResourceChange.Action.UPDATE).size() + " to update, "
                + withAction(ResourceChange.Action.REPLACE).size() + " to replace, "
                + withAction(ResourceChange.Action.NO_CHANGE).size() + " unchanged";
    }
}
