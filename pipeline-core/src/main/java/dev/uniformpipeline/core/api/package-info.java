/**
 * The public surface of pipeline-core: the only package the CLI and the Jenkins plugin may use.
 * No AWS SDK, JGit, Jib, fabric8 or Jenkins types appear in its signatures.
 */
package dev.uniformpipeline.core.api;
