package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.v1.PipelineSpec;

import java.util.List;
import java.util.Objects;

/**
 * A pipeline with every variable substituted, ready to run: produced by
 * {@link LoadedPipeline#resolve(GitInfo)} once the checkout is known.
 *
 * @param spec    the whole pipeline with {@code ${git.*}} substituted; each of its targets also has its
 *                {@code ${target.*}} substituted (the top-level {@code service} keeps {@code ${target.*}}
 *                placeholders, since it is the template each target's service was made from)
 * @param targets one entry per target, in file order
 * @param yaml    the resolved document as YAML, defaults included (for {@code pipeline render} and debugging)
 */
public record ResolvedPipeline(PipelineSpec spec, List<ResolvedTarget> targets, String yaml) {
    public ResolvedPipeline {
        Objects.requireNonNull(spec, "spec");
        targets = List.copyOf(targets);
    }

    /** The target with this name, or null. */
    public ResolvedTarget target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The resolved document as YAML. */
    public String dump() {
        return yaml;
    }
}
