package dev.uniformpipeline.jenkins;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns the step's credential ids into the environment values pipeline-core reads, and the set of secret values the
 * console must mask.
 *
 * <ul>
 *   <li>AWS: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}</li>
 *   <li>registry: {@code UNIFORM_REGISTRY_USERNAME}, {@code UNIFORM_REGISTRY_PASSWORD}</li>
 *   <li>git: {@code UNIFORM_GIT_TOKEN} (and {@code UNIFORM_GIT_USERNAME} for a username/password); or an ssh key
 *   ({@link #gitSshKey()}), which the agent writes to a private temp file named by
 *   {@code UNIFORM_GIT_SSH_KEY_FILE} (passphrase in {@code UNIFORM_GIT_SSH_PASSPHRASE}) for the run only</li>
 * </ul>
 *
 * @param gitSshKey the ssh key of {@code gitCredentialsId}, or null
 */
public record CredentialEnvironment(Map<String, String> environment, Set<String> secrets,
                                    CredentialResolver.SshKey gitSshKey) {
    public CredentialEnvironment {
        environment = Map.copyOf(environment);
        secrets = Set.copyOf(secrets);
    }

    public CredentialEnvironment(Map<String, String> environment, Set<String> secrets) {
        this(environment, secrets, null);
    }

    public static CredentialEnvironment resolve(CredentialResolver resolver, String awsCredentialsId,
                                                String registryCredentialsId, String gitCredentialsId)
            throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        if (present(awsCredentialsId)) {
            CredentialResolver.AwsKeys k = resolver.aws(awsCredentialsId.strip());
            env.put("AWS_ACCESS_KEY_ID", k.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", k.secretAccessKey());
            secrets.add(k.secretAccessKey());
            if (present(k.sessionToken())) {
                env.put("AWS_SESSION_TOKEN", k.sessionToken());
                secrets.add(k.sessionToken());
            }
        }
        if (present(registryCredentialsId)) {
            CredentialResolver.UsernamePassword up = resolver.usernamePassword(registryCredentialsId.strip());
            env.put("UNIFORM_REGISTRY_USERNAME", up.username());
            env.put("UNIFORM_REGISTRY_PASSWORD", up.password());
            secrets.add(up.password());
        }
        CredentialResolver.SshKey sshKey = present(gitCredentialsId) ? resolver.gitSshKey(gitCredentialsId.strip())
                : null;
        if (sshKey != null) {
            secrets.addAll(sshKey.secrets());
        } else if (present(gitCredentialsId)) {
            CredentialResolver.UsernamePassword token = resolver.gitToken(gitCredentialsId.strip());
            if (token.username() != null) {
                env.put("UNIFORM_GIT_USERNAME", token.username());
            }
            env.put("UNIFORM_GIT_TOKEN", token.password());
            secrets.add(token.password());
        }
        return new CredentialEnvironment(env, secrets, sshKey);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
