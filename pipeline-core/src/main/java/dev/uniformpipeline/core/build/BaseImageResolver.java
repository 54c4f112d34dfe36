package dev.uniformpipeline.core.build;

/**
 * Resolves a registry reference ({@code host:port/repo:tag}) to a {@link BaseImage.Registry} pinned by digest,
 * with credentials. The registry package provides the implementation.
 */
@FunctionalInterface
public interface BaseImageResolver {
    /** Resolves nothing: registry bases fail with a clear message. */
    BaseImageResolver NONE = reference -> {
        throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: '" + reference
                + "' is a registry image but no registry access is configured; use scratch, a local base ("
                + LocalBaseImages.PREFIX + "busybox, " + LocalBaseImages.PREFIX + "jre17) or configure the registry");
    };

    BaseImage resolve(String reference) throws BuildException;
}
