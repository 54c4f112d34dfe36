package dev.uniformpipeline.jenkins;

import java.io.IOException;
import java.util.Objects;

/**
 * The plugin's own view of credentials: looks one up by id and returns plain values. The Jenkins implementation is
 * {@link JenkinsCredentialResolver}; tests give their own. Every method fails with a message naming the id and the
 * expected kind when there is no such credential.
 */
public interface CredentialResolver {
    /** An AWS access key (and session token, for temporary credentials). */
    AwsKeys aws(String id) throws IOException;

    /** A user name and password (or token used as password), e.g. for an OCI registry. */
    UsernamePassword usernamePassword(String id) throws IOException;

    /** A git https token: a secret text, or a username/password whose password is the token. */
    UsernamePassword gitToken(String id) throws IOException;

    record AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        public AwsKeys {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "AwsKeys[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
        }
    }

    /** {@code username} is null for a secret-text token. */
    record UsernamePassword(String username, String password) {
        public UsernamePassword {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "UsernamePassword[username=" + username + ", password=****]";
        }
    }
}
