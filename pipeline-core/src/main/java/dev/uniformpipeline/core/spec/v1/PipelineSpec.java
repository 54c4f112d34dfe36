package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * A whole pipeline file ({@code apiVersion: uniform.dev/v1}, {@code kind: Pipeline}) after {@code extends},
 * the chosen profile and {@code --set} overrides were merged. The loader-only keys {@code extends} and
 * {@code profiles} are consumed by merging and do not appear here.
 *
 * @param apiVersion always {@code uniform.dev/v1}
 * @param kind       always {@code Pipeline}
 * @param name       the application name: lower-case letters, digits and '-', 1-63 chars; default service
 *                   name on every target
 * @param source     where the code comes from
 * @param build      how the image is built
 * @param image      where the image is pushed and how it is tagged
 * @param service    the one service intent every target renders (each target's
 *                   {@link TargetSpec#service()} holds this merged with the target's overrides)
 * @param rollout    how new versions replace old ones and when to roll back
 * @param targets    where the service runs, at least one; names are unique
 */
public record PipelineSpec(
        @Required String apiVersion,
        @Required String kind,
        @Required String name,
        SourceSpec source,
        BuildSpec build,
        @Required ImageSpec image,
        @Required ServiceSpec service,
        RolloutSpec rollout,
        @Required List<TargetSpec> targets) {

    /** The only {@code apiVersion} this package reads. */
    public static final String API_VERSION = "uniform.dev/v1";
    /** The only {@code kind} this package reads. */
    public static final String KIND = "Pipeline";

    public PipelineSpec {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The target with this name, or null. */
    public TargetSpec target(String targetName) {
        return targets.stream().filter(t -> t.name().equals(targetName)).findFirst().orElse(null);
    }
}
