package dev.uniformpipeline.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Credentials from a Docker {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}): {@code credHelpers[host]} (runs {@code docker-credential-<helper> get}), then
 * {@code auths[host]} ({@code auth} = base64 user:password, or {@code username}/{@code password}), then the global
 * {@code credsStore} helper. Keys may be written as {@code host}, {@code https://host} or
 * {@code https://host/v1/}.
 */
public final class DockerConfigCredentials implements CredentialSource {
    private final Path configFile;
    private final HelperRunner helpers;

    /** Runs a credential helper: returns its stdout for {@code get} with {@code host} on stdin. */
    @FunctionalInterface
    public interface HelperRunner {
        Optional<String> get(String helper, String host) throws RegistryException;
    }

    public DockerConfigCredentials(Path configFile, HelperRunner helpers) {
        this.configFile = configFile;
        this.helpers = helpers;
    }

    /** The config file Docker itself would read, with helpers run as processes. */
    public static DockerConfigCredentials fromEnvironment(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path file = dir != null && !dir.isBlank() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        String path = env.getOrDefault("PATH", System.getenv("PATH"));
        return new DockerConfigCredentials(file, (helper, host) -> runHelper(helper, host, path));
    }

    /** Runs a credential helper the way this instance does ({@link HelperRunner}). */
    public Optional<String> helper(String helper, String host) throws RegistryException {
        return helpers.get(helper, host);
    }

    @Override
    public Optional<RegistryCredential> forRegistry(String host) throws RegistryException {
        if (configFile == null || !Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(configFile.toFile());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, configFile
                    + ": not valid JSON; fix or remove the Docker config file");
        }
        for (String key : keys(host)) {
            JsonNode helper = root.path("credHelpers").path(key);
            if (helper.isTextual() && !helper.asText().isBlank()) {
                Optional<RegistryCredential> c = fromHelper(helper.asText(), host);
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        for (String key : keys(host)) {
            JsonNode auth = root.path("auths").path(key);
            if (auth.isMissingNode()) {
                continue;
            }
            if (auth.path("auth").isTextual() && !auth.path("auth").asText().isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.path("auth").asText().strip()),
                            StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, configFile + ": auths."
                            + key + ".auth is not base64 of user:password; run 'docker login " + host + "' again");
                }
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, configFile + ": auths."
                            + key + ".auth does not decode to user:password; run 'docker login " + host
                            + "' again");
                }
                return Optional.of(new RegistryCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
            if (auth.path("username").isTextual() && auth.path("password").isTextual()) {
                return Optional.of(new RegistryCredential(auth.path("username").asText(),
                        auth.path("password").asText()));
            }
        }
        JsonNode store = root.path("credsStore");
        if (store.isTextual() && !store.asText().isBlank()) {
            return fromHelper(store.asText(), host);
        }
        return Optional.empty();
    }

    private Optional<RegistryCredential> fromHelper(String helper, String host) throws RegistryException {
        Optional<String> out = helpers.get(helper, host);
        if (out.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode json = new ObjectMapper().readTree(out.get());
            String user = json.path("Username").asText("");
            String secret = json.path("Secret").asText("");
            if (user.isEmpty() || secret.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new RegistryCredential(user, secret));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "docker-credential-" + helper
                    + " returned something that is not JSON for " + host + "; check the helper");
        }
    }

    static List<String> keys(String host) {
        return List.of(host, "https://" + host, "http://" + host, "https://" + host + "/v1/",
                "https://" + host + "/v2/");
    }

    /** Runs {@code docker-credential-<helper> get}. Empty when the helper has no entry for the host. */
    static Optional<String> runHelper(String helper, String host, String searchPath) throws RegistryException {
        String exe = "docker-credential-" + helper;
        if (!helper.matches("[A-Za-z0-9._-]+")) {
            throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, "credential helper name '" + helper
                    + "' in the Docker config is not a plain name; fix config.json");
        }
        String command = exe;
        if (searchPath != null) {
            for (String dir : searchPath.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                    command = Path.of(dir, exe).toString();
                    break;
                }
            }
        }
        Process p;
        try {
            p = new ProcessBuilder(command, "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "the Docker config names the"
                    + " credential helper '" + helper + "' but " + exe + " is not on the PATH; install it or"
                    + " remove it from config.json");
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(host.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the helper may exit before reading; its exit code tells
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RegistryException(RegistryException.Reason.AUTHENTICATION, exe + " get did not answer"
                        + " within 30 s for " + host);
            }
            if (p.exitValue() != 0) {
                return Optional.empty(); // "credentials not found": another source may have them
            }
            return Optional.of(out);
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "cannot read the output of " + exe);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, exe + " interrupted");
        }
    }
}
