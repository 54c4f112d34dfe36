package dev.uniformpipeline.core.spec.v1;

/**
 * One ECS capacity provider strategy item.
 *
 * @param name   capacity provider name ({@code FARGATE}, {@code FARGATE_SPOT} or an ASG provider)
 * @param base   tasks placed here first (0-100000); only one item may set it
 * @param weight share of the remaining tasks (0-1000); at least one item must be above 0
 */
public record CapacityProviderItem(
        @Required String name,
        @Default("0") Integer base,
        @Default("1") Integer weight) {
}
