package dev.uniformpipeline.core.spec.v1;

/**
 * Where the code comes from.
 *
 * @param git        {@code "."} (the repository the pipeline file is in), a local path, or a URL
 *                   ({@code https://}, {@code ssh://}, {@code git@host:org/repo.git}, {@code git://}, {@code file://})
 * @param ref        branch, tag or commit to check out; null means the current HEAD for {@code "."} and the
 *                   remote's default branch for a URL
 * @param depth      shallow clone depth; 0 means full history
 * @param submodules also check out submodules
 * @param auth       credentials for a remote URL; null for anonymous access
 */
public record SourceSpec(
        @Default(".") String git,
        @Nullable String ref,
        @Default("0") Integer depth,
        @Default("false") Boolean submodules,
        @Nullable GitAuth auth) {
}
