package dev.uniformpipeline.core.spec.v1;

/**
 * Node.js builder options.
 *
 * @param packageManager {@code npm}, {@code yarn} or {@code pnpm}; null detects from the lock file
 * @param buildScript    package.json script run before layering (e.g. {@code build}); null runs none
 * @param start          the start command's entry file (default: package.json {@code main}); not with {@code script}
 * @param production     install production dependencies only
 * @param script         package.json script whose {@code node ...} command is the entrypoint; not with {@code start}
 * @param install        {@code auto} ({@code npm ci} with a lock file, else {@code npm install}), {@code ci},
 *                       {@code install}
 */
public record NodeOptions(
        @Nullable String packageManager,
        @Nullable String buildScript,
        @Nullable String start,
        @Default("true") Boolean production,
        @Nullable String script,
        @Default("auto") NodeInstall install) {
}
