package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Gradle builder options.
 *
 * @param tasks      extra tasks run in the same invocation (e.g. {@code [check]}); the builder always compiles the
 *                   main classes and resolves the runtime classpath of {@code project}
 * @param project    the project path (e.g. {@code :app}) that holds the application; default the root project
 * @param args       extra command-line arguments
 * @param useWrapper run the project's {@code ./gradlew} when present; {@code false} uses {@code gradle} on the PATH
 */
public record GradleOptions(
        List<String> tasks,
        @Nullable String project,
        List<String> args,
        @Default("true") Boolean useWrapper) {
    public GradleOptions {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        args = args == null ? List.of() : List.copyOf(args);
    }
}
