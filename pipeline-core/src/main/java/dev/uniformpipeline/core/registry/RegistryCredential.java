package dev.uniformpipeline.core.registry;

import java.util.Objects;

/** A registry user name and password/token. {@code toString()} hides the secret. */
public record RegistryCredential(String username, String secret) {
    public RegistryCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "RegistryCredential[username=" + username + ", secret=***]";
    }
}
