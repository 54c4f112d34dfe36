package dev.uniformpipeline.core.registry;

import java.util.List;
import java.util.Objects;

/**
 * A pushed image.
 *
 * @param registry      registry host
 * @param repository    repository
 * @param digest        manifest digest, as the registry reports it
 * @param tags          the tags now pointing at {@code digest}
 * @param alreadyThere  every tag already pointed at this digest: nothing was uploaded (idempotent rerun)
 * @param manifests     the per-platform manifests: one (equal to {@code digest}) for a single-platform image, one
 *                      per platform under the image index {@code digest} otherwise; empty when not known
 */
public record PushedImage(String registry, String repository, String digest, List<String> tags,
                          boolean alreadyThere, List<PlatformManifest> manifests) {
    public PushedImage {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        tags = List.copyOf(tags);
        manifests = List.copyOf(manifests == null ? List.of() : manifests);
    }

    /** One platform's manifest: {@code linux/arm64} and its digest. */
    public record PlatformManifest(String platform, String digest) {
        public PlatformManifest {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /** {@code host/repository@sha256:...}: what a deployment should reference. */
    public String pinnedReference() {
        return registry + "/" + repository + "@" + digest;
    }
}
