package dev.uniformpipeline.core.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Credentials from {@value #USERNAME}/{@value #PASSWORD}; when {@value #HOST} is set they are offered to that
 * registry only.
 */
public final class EnvCredentials implements CredentialSource {
    public static final String USERNAME = "UNIFORM_REGISTRY_USERNAME";
    public static final String PASSWORD = "UNIFORM_REGISTRY_PASSWORD";
    public static final String HOST = "UNIFORM_REGISTRY_HOST";

    private final Map<String, String> env;

    public EnvCredentials(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Optional<RegistryCredential> forRegistry(String host) {
        String user = env.get(USERNAME);
        String password = env.get(PASSWORD);
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        String only = env.get(HOST);
        if (only != null && !only.isBlank() && !only.strip().equalsIgnoreCase(host)) {
            return Optional.empty();
        }
        return Optional.of(new RegistryCredential(user.strip(), password));
    }
}
