package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Maven builder options.
 *
 * @param goals     goals run before layering; default {@code [package]}
 * @param profiles  Maven profiles to activate ({@code -P})
 * @param module    the module (artifactId or relative dir) of a multi-module build that holds the app
 * @param skipTests pass {@code -DskipTests}
 * @param args      extra command-line arguments
 */
public record MavenOptions(
        @Default("[package]") List<String> goals,
        List<String> profiles,
        @Nullable String module,
        @Default("true") Boolean skipTests,
        List<String> args) {
    public MavenOptions {
        goals = goals == null ? List.of() : List.copyOf(goals);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        args = args == null ? List.of() : List.copyOf(args);
    }
}
