package dev.uniformpipeline.core.spec.v1;

/**
 * A start-order dependency on another container of the task ({@code app} names the application container).
 *
 * @param container the container waited for
 * @param condition {@code START}, {@code COMPLETE}, {@code SUCCESS} or {@code HEALTHY}
 */
public record ContainerDependency(
        @Required String container,
        @Default("START") DependencyCondition condition) {
}
