package dev.uniformpipeline.core.source;

import java.nio.file.Path;
import java.util.Objects;

/** How to authenticate to a git remote. {@code toString()} never shows a secret. */
public sealed interface GitCredentials {

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
        return new SshKey(privateKey, knownHosts);
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

    /** A private key file plus the known_hosts file that pins the server's host key. */
    record SshKey(Path privateKey, Path knownHosts) implements GitCredentials {
        public SshKey {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(knownHosts, "knownHosts");
        }
    }
}
