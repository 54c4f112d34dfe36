package dev.uniformpipeline.core.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds credentials for a registry host ({@code host[:port]}). */
@FunctionalInterface
public interface CredentialSource {
    /** No credentials (anonymous). */
    CredentialSource NONE = host -> Optional.empty();

    Optional<RegistryCredential> forRegistry(String host) throws RegistryException;

    /** Always these credentials. */
    static CredentialSource of(RegistryCredential credential) {
        return host -> Optional.of(credential);
    }

    /** The first source that has credentials. */
    static CredentialSource chain(List<CredentialSource> sources) {
        List<CredentialSource> copy = List.copyOf(sources);
        return host -> {
            for (CredentialSource s : copy) {
                Optional<RegistryCredential> c = s.forRegistry(host);
                if (c.isPresent()) {
                    return c;
                }
            }
            return Optional.empty();
        };
    }

    /**
     * The usual order: {@code UNIFORM_REGISTRY_USERNAME}/{@code UNIFORM_REGISTRY_PASSWORD} (restricted to
     * {@code UNIFORM_REGISTRY_HOST} when that is set), then Docker's config.json.
     */
    static CredentialSource standard(Map<String, String> env) {
        return chain(List.of(new EnvCredentials(env), DockerConfigCredentials.fromEnvironment(env)));
    }
}
