/** Uniform Pipeline cli. */
package dev.uniformpipeline.cli;
