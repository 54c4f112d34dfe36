package dev.uniformpipeline.core.deploy.plan;

/**
 * One field that differs.
 *
 * @param path   field path in the platform's member names; list elements by their key when they have one,
 *               e.g. {@code containerDefinitions[orders].image}, {@code environment[FEATURE_X]}
 * @param before current value as JSON text, or null when absent
 * @param after  desired value as JSON text, or null when it will be removed
 */
public record FieldChange(String path, String before, String after) {
    @Override
    public String toString() {
        return path + ": " + (before == null ? "(none)" : before) + " -> " + (after == null ? "(removed)" : after);
    }
}
