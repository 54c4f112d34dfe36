package dev.uniformpipeline.localcloud.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ECR as seen by the task runtime: resolves an image reference
 * ({@code <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>} or {@code ...@sha256:...}, or the
 * local registry's host:port form) to what a task needs to run it.
 */
public interface ImageResolver {
    /** Empty when the image does not exist (the task then stops with CannotPullContainerError). */
    Optional<ResolvedImage> resolve(String imageReference);

    /**
     * @param digest       the manifest digest, {@code sha256:...}, exactly as pushed
     * @param pullReference a reference podman can pull from local-cloud's registry endpoint
     * @param pullCredentials basic-auth credentials the registry endpoint wants for {@code pullReference}
     *                        (for local ECR: user {@code AWS} and an ECR token password); null when none needed
     */
    record ResolvedImage(String digest, String pullReference, Map<String, String> labels, List<String> env,
            List<String> entrypoint, List<String> cmd, List<Integer> exposedPorts, PullCredentials pullCredentials) {

        /** An image pullable without credentials. */
        public ResolvedImage(String digest, String pullReference, Map<String, String> labels, List<String> env,
                List<String> entrypoint, List<String> cmd, List<Integer> exposedPorts) {
            this(digest, pullReference, labels, env, entrypoint, cmd, exposedPorts, null);
        }
    }

    /** Registry basic-auth credentials for pulling; {@code toString} hides the password. */
    record PullCredentials(String username, String password) {
        @Override
        public String toString() {
            return "PullCredentials[username=" + username + ", password=***]";
        }
    }
}
