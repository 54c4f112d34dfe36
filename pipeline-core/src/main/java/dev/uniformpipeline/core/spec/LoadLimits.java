package dev.uniformpipeline.core.spec;

/**
 * Safety limits for reading pipeline files and templates. A file over {@code maxFileBytes} is refused
 * before it is parsed.
 *
 * @param maxFileBytes    largest file read, in bytes (default 1 MiB)
 * @param maxAliases      most YAML aliases to collections in one file (default 50; stops "billion laughs")
 * @param maxNestingDepth deepest nesting of maps/lists (default 50)
 * @param maxNodes        most YAML nodes in one file after alias expansion (default 100 000)
 * @param maxExtendsDepth longest {@code extends} chain (default 10)
 */
public record LoadLimits(long maxFileBytes, int maxAliases, int maxNestingDepth, int maxNodes, int maxExtendsDepth) {
    /** The defaults described above. */
    public static LoadLimits defaults() {
        return new LoadLimits(1024 * 1024, 50, 50, 100_000, 10);
    }
}
