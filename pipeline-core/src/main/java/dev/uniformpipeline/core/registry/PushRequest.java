package dev.uniformpipeline.core.registry;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where to push.
 *
 * @param endpoint    the registry
 * @param repository  repository path ({@code team/orders}), lowercase
 * @param tags        one or more tags; the first is the primary one
 * @param credentials how to find credentials for the registry
 * @param tagPolicy   MUTABLE: existing tags are moved; IMMUTABLE: a tag already pointing at another digest is an error
 * @param mountFrom   other repositories of the same registry that may already hold this image's blobs (for example
 *                    the same image pushed to another repository, or a shared base); a blob found there is mounted
 *                    instead of uploaded
 */
public record PushRequest(RegistryEndpoint endpoint, String repository, List<String> tags,
                          CredentialSource credentials, TagPolicy tagPolicy, List<String> mountFrom) {
    private static final Pattern REPO = Pattern.compile("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$");
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");

    public PushRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(repository, "repository");
        if (!REPO.matcher(repository).matches()) {
            throw new IllegalArgumentException("image.repository '" + repository + "' must be lowercase path"
                    + " segments of letters and digits separated by '.', '_' or '-' (for example team/orders)");
        }
        tags = List.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("image.tags: at least one tag is needed");
        }
        for (String t : tags) {
            if (!TAG.matcher(t).matches()) {
                throw new IllegalArgumentException("image.tags: '" + t + "' is not a valid tag (letters, digits, _ . -,"
                        + " at most 128, not starting with . or -)");
            }
        }
        credentials = credentials == null ? CredentialSource.NONE : credentials;
        tagPolicy = tagPolicy == null ? TagPolicy.MUTABLE : tagPolicy;
        mountFrom = List.copyOf(mountFrom == null ? List.of() : mountFrom);
        for (String m : mountFrom) {
            if (!REPO.matcher(m).matches()) {
                throw new IllegalArgumentException("image.mountFrom: '" + m + "' is not a repository name");
            }
        }
    }

    /** The same request with {@code repositories} as mount sources. */
    public PushRequest withMountFrom(List<String> repositories) {
        return new PushRequest(endpoint, repository, tags, credentials, tagPolicy, repositories);
    }

    /** {@code host/repository}. */
    public String imageName() {
        return endpoint.host() + "/" + repository;
    }

    /** Whether a tag may be moved to another digest. */
    public enum TagPolicy { MUTABLE, IMMUTABLE }
}
