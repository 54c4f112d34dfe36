package dev.uniformpipeline.core.build;

/** Progress of a build. Core never prints: the edges render these. Implementations must be thread-safe. */
public interface BuildListener {
    /** A listener that ignores everything. */
    BuildListener NONE = new BuildListener() { };

    /** A step of the build ("detected builder maven", "running ./mvnw ..."). */
    default void step(String message) { }

    /** One line of output of a build tool (mvn, npm, pip, go). */
    default void toolOutput(String tool, String line) { }

    /** Something the user should look at but that does not fail the build (a skipped symlink). */
    default void warning(String message) { }
}
