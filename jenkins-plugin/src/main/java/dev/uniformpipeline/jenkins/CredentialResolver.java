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

    /**
     * A git ssh key ('SSH Username with private key', ssh-credentials plugin), or null when {@code id} names a
     * credential of another kind (the caller then tries {@link #gitToken}). The default knows no ssh keys.
     */
    default SshKey gitSshKey(String id) throws IOException {
        return null;
    }

    /**
     * An ssh private key in OpenSSH/PEM text and its passphrase (null if none). Travels to the agent inside
     * {@link RunSettings}, where it is written to a private temp file for the checkout only.
     */
    record SshKey(String username, String privateKey, String passphrase) implements java.io.Serializable {
        public SshKey {
            Objects.requireNonNull(privateKey, "privateKey");
            if (privateKey.isBlank()) {
                throw new IllegalArgumentException("the ssh credential holds no private key");
            }
            passphrase = passphrase == null || passphrase.isEmpty() ? null : passphrase;
        }

        /** The values to mask in the console: every line of the key body, and the passphrase. */
        public java.util.Set<String> secrets() {
            java.util.Set<String> out = new java.util.LinkedHashSet<>();
            for (String line : privateKey.split("\\R")) {
                String l = line.strip();
                if (l.length() >= 8 && !l.startsWith("-----")) {
                    out.add(l);
                }
            }
            if (passphrase != null) {
                out.add(passphrase);
            }
            return out;
        }

        @Override
        public String toString() {
            return "SshKey[username=" + username + ", privateKey=****" + (passphrase == null ? "" : ", passphrase=****")
                    + "]";
        }
    }

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
