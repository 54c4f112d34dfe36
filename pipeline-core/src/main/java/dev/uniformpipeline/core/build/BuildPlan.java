package dev.uniformpipeline.core.build;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link BuildStrategy} decided: the layers (bottom first, least frequently changing first) and the
 * container configuration.
 *
 * @param builder     the strategy's name
 * @param layers      the application layers
 * @param entrypoint  the entrypoint, empty to keep the base image's
 * @param cmd         program arguments, empty for none
 * @param env         extra environment variables
 * @param workingDir  the working directory, empty to keep the base image's
 * @param defaultPort the port the application usually listens on, 0 for none
 * @param defaultBase the base image to use when the request names none
 */
public record BuildPlan(String builder, List<LayerSpec> layers, List<String> entrypoint, List<String> cmd,
                        Map<String, String> env, String workingDir, int defaultPort, String defaultBase) {
    public BuildPlan {
        Objects.requireNonNull(builder, "builder");
        layers = List.copyOf(layers);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = Map.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        defaultBase = defaultBase == null ? "" : defaultBase;
    }
}
