package dev.uniformpipeline.core.source;

import java.nio.file.Path;
import java.util.Objects;

/** How to authenticate to a git remote. {@code toString()} never shows a secret. */
public sealed interface GitCredentials {
    /** Run environment: a private key file for ssh sources whose pipeline file names no {@code source.auth}. */
    String SSH_KEY_FILE_ENV = "UNIFORM_GIT_SSH_KEY_FILE";
    /** Run environment: the passphrase of that key (or of {@code source.auth.sshKeyFile}'s key). */
    String SSH_PASSPHRASE_ENV = "UNIFORM_GIT_SSH_PASSPHRASE";
    /** Run environment: the known_hosts file for {@link #SSH_KEY_FILE_ENV}; default {@code ~/.ssh/known_hosts}. */
    String SSH_KNOWN_HOSTS_ENV = "UNIFORM_GIT_SSH_KNOWN_HOSTS";

    /** No credentials: local paths, file://, git://, public https. */
    static GitCredentials none() {
        return None.INSTANCE;
    }

    /** HTTP basic credentials carrying a token (GitHub/GitLab/Bitbucket personal or CI tokens). */
    static GitCredentials token(String username, String token) {
        return new Token(username, token);
    }

    /**
     * An ssh private key. {@code knownHosts} is an OpenSSH known_hosts file that must list the server key; there is
     * no "accept anything" mode.
     */
    static GitCredentials sshKey(Path privateKey, Path knownHosts) {
        return new SshKey(privateKey, knownHosts, null);
    }

    /** An ssh private key protected by {@code passphrase} (null or empty: not protected). */
    static GitCredentials sshKey(Path privateKey, Path knownHosts, String passphrase) {
        return new SshKey(privateKey, knownHosts, passphrase);
    }

    /** No credentials. */
    enum None implements GitCredentials { INSTANCE }

    /** HTTP basic user name plus token. */
    record Token(String username, String token) implements GitCredentials {
        public Token {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("token is empty");
            }
        }

        @Override
        public String toString() {
            return "Token[username=" + username + ", token=***]";
        }
    }

    /**
     * A private key file plus the known_hosts file that pins the server's host key.
     *
     * @param passphrase the key's passphrase, null when the key is not encrypted
     */
    record SshKey(Path privateKey, Path knownHosts, String passphrase) implements GitCredentials {
        public SshKey {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(knownHosts, "knownHosts");
            passphrase = passphrase == null || passphrase.isEmpty() ? null : passphrase;
        }

        public SshKey(Path privateKey, Path knownHosts) {
            this(privateKey, knownHosts, null);
        }

        @Override
        public String toString() {
            return "SshKey[privateKey=" + privateKey + ", knownHosts=" + knownHosts
                    + (passphrase == null ? "" : ", passphrase=***") + "]";
        }
    }
}
