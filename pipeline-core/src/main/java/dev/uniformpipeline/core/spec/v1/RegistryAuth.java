package dev.uniformpipeline.core.spec.v1;

/**
 * Credentials for an OCI registry. The password is never written inline.
 *
 * @param username     user name (may use {@code ${env.NAME}})
 * @param passwordEnv  name of the environment variable that holds the password or token
 * @param dockerConfig a docker {@code config.json} to read credentials from instead
 */
public record RegistryAuth(
        @Nullable String username,
        @Nullable String passwordEnv,
        @Nullable String dockerConfig) {
}
