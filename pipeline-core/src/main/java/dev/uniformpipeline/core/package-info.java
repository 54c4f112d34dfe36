/** Uniform Pipeline pipeline-core. */
package dev.uniformpipeline.core;
