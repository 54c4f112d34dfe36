/**
 * The pipeline file: loading, merging, variables, validation and the JSON Schema.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link dev.uniformpipeline.core.spec.PipelineLoader} — {@code builder().file(..).workingDir(..)
 *       .profile(..).set("k.path=v").environment(env).build().load()} gives a
 *       {@link dev.uniformpipeline.core.spec.LoadedPipeline} or throws
 *       {@link dev.uniformpipeline.core.api.InvalidPipelineException} carrying every problem;</li>
 *   <li>{@link dev.uniformpipeline.core.spec.LoadedPipeline#resolve(GitInfo)} substitutes {@code ${git.*}}
 *       and {@code ${target.*}} and gives a {@link dev.uniformpipeline.core.spec.ResolvedPipeline} with one
 *       {@link dev.uniformpipeline.core.spec.ResolvedTarget} per target;</li>
 *   <li>{@code dump()} on either prints the merged document with defaults;</li>
 *   <li>{@link dev.uniformpipeline.core.spec.PipelineSchema#generate()} is the JSON Schema of the file.</li>
 * </ul>
 * The model itself is in {@link dev.uniformpipeline.core.spec.v1}. Everything else in this package is
 * internal.
 */
package dev.uniformpipeline.core.spec;
