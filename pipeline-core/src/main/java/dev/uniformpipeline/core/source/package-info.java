/**
 * Source checkout with JGit: a local working tree used as is, or a clone over file://, git://, https (token) or
 * ssh (private key), at a branch, tag or commit, optionally shallow and with submodules.
 *
 * <p>Entry point: {@link dev.uniformpipeline.core.source.CheckoutService#checkout(CheckoutRequest)} returns a
 * {@link dev.uniformpipeline.core.source.SourceRevision} (sha, branch, tag, author, commit time, dirty flag) whose
 * {@code variables()} and {@code ociLabels()} feed pipeline variables and image labels. Failures are
 * {@link dev.uniformpipeline.core.source.CheckoutException}s whose messages name the URL (credentials redacted),
 * the ref and the fix. No secret ever appears in a message or an event.
 */
package dev.uniformpipeline.core.source;
