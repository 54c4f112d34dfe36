package dev.uniformpipeline.core.deploy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The image every target runs: a repository plus the digest the push produced. Targets always
 * reference the digest, never a tag, so every target runs the same bytes.
 *
 * @param repository registry host and repository, e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders}
 * @param digest     {@code sha256:} and 64 lowercase hex digits
 */
public record ImageRef(String repository, String digest) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImageRef {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("image digest must be sha256:<64 hex digits>, got '" + digest + "'");
        }
        int at = repository.indexOf('@');
        if (at >= 0) {
            throw new IllegalArgumentException("repository must not carry a digest already: " + repository);
        }
        int slash = repository.lastIndexOf('/');
        if (repository.indexOf(':', slash + 1) >= 0) {
            throw new IllegalArgumentException(
                    "repository must not carry a tag (targets deploy by digest): " + repository);
        }
    }

    /** {@code repository@sha256:...}: the reference written into every rendering. */
    public String reference() {
        return repository + "@" + digest;
    }
}
