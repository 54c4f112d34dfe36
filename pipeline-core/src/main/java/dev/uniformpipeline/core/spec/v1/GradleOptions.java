package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Gradle builder options.
 *
 * @param tasks   tasks run before layering; default {@code [build]}
 * @param project the subproject path (e.g. {@code :app}) that holds the application
 * @param args    extra command-line arguments
 */
public record GradleOptions(
        @Default("[build]") List<String> tasks,
        @Nullable String project,
        List<String> args) {
    public GradleOptions {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        args = args == null ? List.of() : List.copyOf(args);
    }
}
