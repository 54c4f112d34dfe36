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
 */
public record PushedImage(String registry, String repository, String digest, List<String> tags,
                          boolean alreadyThere) {
    public PushedImage {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        tags = List.copyOf(tags);
    }

    /** {@code host/repository@sha256:...}: what a deployment should reference. */
    public String pinnedReference() {
        return registry + "/" + repository + "@" + digest;
    }
}
