package dev.uniformpipeline.core.spec.v1;

/**
 * Credentials for a remote git URL. Secrets are never written inline: a token comes from an environment
 * variable or a git credentials file, an ssh key from a file.
 *
 * @param tokenEnv        name of the environment variable holding an https token (e.g. {@code GIT_TOKEN})
 * @param username        user name sent with the token (default {@code x-access-token}, what GitHub/GitLab accept)
 * @param credentialsFile a git-credentials style file ({@code https://user:token@host} per line)
 * @param sshKeyFile      private key file for ssh URLs
 * @param knownHostsFile  known_hosts file checked for ssh URLs; null means the user's {@code ~/.ssh/known_hosts}
 */
public record GitAuth(
        @Nullable String tokenEnv,
        @Default("x-access-token") String username,
        @Nullable String credentialsFile,
        @Nullable String sshKeyFile,
        @Nullable String knownHostsFile) {
}
