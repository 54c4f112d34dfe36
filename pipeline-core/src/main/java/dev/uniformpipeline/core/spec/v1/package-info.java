/**
 * The pipeline file model, {@code apiVersion: uniform.dev/v1}: immutable records, one per section.
 *
 * <p>Component names are the YAML keys (a {@link dev.uniformpipeline.core.spec.v1.Key} annotation names the
 * few keys that are Java keywords). Values are already merged ({@code extends}, profile, {@code --set}),
 * defaulted ({@link dev.uniformpipeline.core.spec.v1.Default}) and validated when a loader hands them out.
 * Strings may still hold {@code ${git.*}} and {@code ${target.*}} placeholders until
 * {@code LoadedPipeline.resolve(GitInfo)} runs. Lists and maps are never null (empty when absent); a record
 * component is null only when it is annotated {@link dev.uniformpipeline.core.spec.v1.Nullable} and the
 * section was not written.
 *
 * <p>A later file version adds a package beside this one plus an upgrade step; this one is never edited
 * incompatibly.
 */
package dev.uniformpipeline.core.spec.v1;
