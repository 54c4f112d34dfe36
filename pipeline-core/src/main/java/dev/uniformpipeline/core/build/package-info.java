/**
 * Daemonless, reproducible image builds with jib-core.
 *
 * <p>{@link dev.uniformpipeline.core.build.ImageBuilder#prepare(BuildRequest)} detects (or is told) which
 * {@link dev.uniformpipeline.core.build.BuildStrategy} fits the source tree (explicit layers, static site, plain
 * jar, Maven, Gradle, Node, Python, Go), runs the project's own tool where one is needed, and turns the result into
 * jib-core layers on a base image. The returned {@link dev.uniformpipeline.core.build.PreparedImage} is written to
 * an OCI tar ({@code toTar}) or handed to the registry package for a push; either way the same inputs give the same
 * digest: file times, owners and the creation time are fixed, entries are sorted, and the base is pinned by digest.
 *
 * <p>Base images ({@code baseImage}): {@code scratch}; {@code local:<name>} for a base made on this machine by
 * {@link dev.uniformpipeline.core.build.BaseImageMaker} (busybox, jre) and kept in a
 * {@link dev.uniformpipeline.core.build.LocalBaseImages} store; or any registry reference, resolved to a digest by a
 * {@link dev.uniformpipeline.core.build.BaseImageResolver} (the registry package provides one).
 *
 * <p>Platforms: {@link dev.uniformpipeline.core.build.ImageBuilder#prepareAll(BuildRequest)} lays out one image
 * per {@link dev.uniformpipeline.core.build.TargetPlatform} (the rule is in templates/REFERENCE.md, "Platforms"): Go
 * is cross-compiled per platform, every other builder shares one architecture-neutral plan, and native Node/Python
 * modules built on this machine are refused for other architectures.
 *
 * <p>Source-tree safety: a symbolic link that points outside the source tree is never followed into an image; it
 * is skipped and reported.
 */
package dev.uniformpipeline.core.build;
