/**
 * Jenkins Pipeline steps ({@code uniformPipeline}, {@code uniformBuild}, {@code uniformDeploy},
 * {@code uniformRollback}): thin adapters over pipeline-core's public API ({@code dev.uniformpipeline.core.api}).
 */
package dev.uniformpipeline.jenkins;
