package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Plain (already built) jar options.
 *
 * @param path     the jar, relative to the build context (a glob with exactly one match is allowed)
 * @param mainClass main class when the jar's manifest has none
 * @param jvmFlags JVM flags put before {@code -jar}
 */
public record JarOptions(
        @Nullable String path,
        @Nullable String mainClass,
        List<String> jvmFlags) {
    public JarOptions {
        jvmFlags = jvmFlags == null ? List.of() : List.copyOf(jvmFlags);
    }
}
