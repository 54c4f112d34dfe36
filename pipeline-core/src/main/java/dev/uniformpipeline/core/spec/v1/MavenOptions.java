package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Maven builder options.
 *
 * @param goals     goals run before layering; empty for the builder's default: {@code compile}, or
 *                  {@code package} when {@code module} is set (its sibling modules must be jars)
 * @param profiles  Maven profiles to activate ({@code -P})
 * @param module    directory (relative to the build context) of the module of a multi-module build that holds
 *                  the app; built with {@code -pl <module> -am}
 * @param skipTests skip test compilation and tests ({@code -DskipTests -Dmaven.test.skip=true})
 * @param args      extra command-line arguments
 * @param mainClass the class to run; null finds the one class with a main method
 * @param jvmFlags  JVM flags put before {@code -cp} in the entrypoint
 */
public record MavenOptions(
        List<String> goals,
        List<String> profiles,
        @Nullable String module,
        @Default("true") Boolean skipTests,
        List<String> args,
        @Nullable String mainClass,
        List<String> jvmFlags) {
    public MavenOptions {
        goals = goals == null ? List.of() : List.copyOf(goals);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        args = args == null ? List.of() : List.copyOf(args);
        jvmFlags = jvmFlags == null ? List.of() : List.copyOf(jvmFlags);
    }
}
