/**
 * The engine: one class per stage ({@link dev.uniformpipeline.core.engine.CheckoutStage},
 * {@link dev.uniformpipeline.core.engine.BuildStage}, {@link dev.uniformpipeline.core.engine.PushStage},
 * {@link dev.uniformpipeline.core.engine.DeployStage}, {@link dev.uniformpipeline.core.engine.VerifyStage}),
 * each a small {@code Callable} with typed inputs and a typed output record, and one
 * {@link dev.uniformpipeline.core.engine.PipelineRunner} that lists them in order. Internal to pipeline-core:
 * the edges use {@code dev.uniformpipeline.core.api} only.
 */
package dev.uniformpipeline.core.engine;
