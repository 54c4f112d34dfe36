package dev.uniformpipeline.core.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What to check out.
 *
 * @param source      a local directory (used as is, never modified) or a URL: {@code file://}, {@code git://},
 *                    {@code http(s)://}, {@code ssh://} or scp-like {@code user@host:path}
 * @param ref         branch, tag, full ref name or commit (7–40 hex digits); empty for the remote's default
 *                    branch (ignored, with an event, for a local working tree)
 * @param depth       history depth for a clone, 0 for full history
 * @param submodules  also check out submodules (recursively)
 * @param directory   where a remote is cloned; must not exist or be empty. Unused for local trees.
 * @param credentials how to authenticate to the remote
 * @param timeout     network timeout of one transport operation
 */
public record CheckoutRequest(String source, String ref, int depth, boolean submodules, Path directory,
                              GitCredentials credentials, Duration timeout) {
    public CheckoutRequest {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source is empty");
        }
        ref = ref == null ? "" : ref.strip();
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0 (0 = full history), was " + depth);
        }
        credentials = credentials == null ? GitCredentials.none() : credentials;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
    }

    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** Builder for {@link CheckoutRequest}. */
    public static final class Builder {
        private final String source;
        private String ref = "";
        private int depth;
        private boolean submodules;
        private Path directory;
        private GitCredentials credentials = GitCredentials.none();
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(String source) {
            this.source = source;
        }

        public Builder ref(String ref) {
            this.ref = ref;
            return this;
        }

        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        public Builder submodules(boolean submodules) {
            this.submodules = submodules;
            return this;
        }

        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        public Builder credentials(GitCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public CheckoutRequest build() {
            return new CheckoutRequest(source, ref, depth, submodules, directory, credentials, timeout);
        }
    }
}
