package dev.uniformpipeline.core.spec.v1;

import java.util.List;
import java.util.Map;

/**
 * Go builder options.
 *
 * @param main    the main package to build, e.g. {@code ./cmd/server}; default {@code .}
 * @param ldflags linker flags
 * @param tags    build tags
 * @param env     build environment (e.g. {@code CGO_ENABLED: "0"})
 */
public record GoOptions(
        @Default(".") String main,
        List<String> ldflags,
        List<String> tags,
        Map<String, String> env) {
    public GoOptions {
        ldflags = ldflags == null ? List.of() : List.copyOf(ldflags);
        tags = tags == null ? List.of() : List.copyOf(tags);
        env = env == null ? Map.of() : Util.copy(env);
    }
}
