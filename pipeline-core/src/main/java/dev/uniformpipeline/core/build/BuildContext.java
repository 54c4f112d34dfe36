package dev.uniformpipeline.core.build;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a strategy works with.
 *
 * @param tree     the source tree (with the symlink rule)
 * @param request  the build request
 * @param workDir  a private scratch directory for tool output (never inside the source tree)
 * @param tools    runs external build tools
 * @param listener    progress
 * @param environment the run's environment (for tool settings such as {@code GOCACHE}); the process environment
 *                    when the run gives none
 */
public record BuildContext(SourceTree tree, BuildRequest request, Path workDir, ToolRunner tools,
                           BuildListener listener, Map<String, String> environment) {
    public BuildContext {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(listener, "listener");
        environment = Map.copyOf(environment == null ? System.getenv() : environment);
    }

    public Path root() {
        return tree.root();
    }
}
