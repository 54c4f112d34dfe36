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
import java.util.concurrent.CompletableFuture;
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

    /**
     * The config file Docker itself would read, with helpers run as processes that get the run's environment
     * (its {@code PATH} is where the helper is looked for).
     */
    public static DockerConfigCredentials fromEnvironment(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path file = dir != null && !dir.isBlank() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        Map<String, String> helperEnv = Map.copyOf(env);
        return new DockerConfigCredentials(file, (helper, host) -> runHelper(helper, host, helperEnv));
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
            if (auth.path("identitytoken").isTextual() && !auth.path("identitytoken").asText().isEmpty()) {
                throw new RegistryException(RegistryException.Reason.AUTHENTICATION, configFile + ": auths." + key
                        + " holds an identity token (OAuth), which the pipeline cannot use; log in to " + host
                        + " with a user name and password or access token, or set image.auth");
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
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(out.get());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "docker-credential-" + helper
                    + " get returned something that is not a JSON object for " + host + " (named in " + configFile
                    + "); check the helper");
        }
        String user = json.path("Username").asText("");
        String secret = json.path("Secret").asText("");
        if (user.isEmpty() || secret.isEmpty()) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "docker-credential-" + helper
                    + " get returned no " + (user.isEmpty() ? "Username" : "Secret") + " for " + host
                    + " (named in " + configFile + "); store the credentials again, e.g. docker login " + host);
        }
        if ("<token>".equals(user)) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "docker-credential-" + helper
                    + " holds an identity token for " + host + ", which the pipeline cannot use; log in with a user"
                    + " name and password or access token instead");
        }
        return Optional.of(new RegistryCredential(user, secret));
    }

    static List<String> keys(String host) {
        return List.of(host, "https://" + host, "http://" + host, "https://" + host + "/v1/",
                "https://" + host + "/v2/");
    }

    /**
     * Runs {@code docker-credential-<helper> get} per the docker-credential-helpers protocol: the server URL on
     * stdin, {@code {"ServerURL","Username","Secret"}} on stdout. Empty when the helper answers "credentials not
     * found"; any other failure, or a helper that is not on the run's {@code PATH}, is an error.
     *
     * @param env the run's environment: the helper is looked for on its {@code PATH} (else the process's) and
     *            runs with it on top of the process environment
     */
    static Optional<String> runHelper(String helper, String host, Map<String, String> env) throws RegistryException {
        String exe = "docker-credential-" + helper;
        if (!helper.matches("[A-Za-z0-9._-]+")) {
            throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, "credential helper name '" + helper
                    + "' in the Docker config is not a plain name; fix config.json");
        }
        String searchPath = env.get("PATH");
        if (searchPath == null) {
            searchPath = System.getenv("PATH");
        }
        Path command = null;
        if (searchPath != null) {
            for (String dir : searchPath.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                    command = Path.of(dir, exe);
                    break;
                }
            }
        }
        if (command == null) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "the Docker config names the"
                    + " credential helper '" + helper + "' for " + host + " but " + exe + " is not on the PATH;"
                    + " install it, or remove it from config.json (credHelpers/credsStore)");
        }
        ProcessBuilder pb = new ProcessBuilder(command.toString(), "get");
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "cannot start " + command + ": "
                    + e.getMessage() + "; check the helper is executable");
        }
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(host.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the helper may exit before reading; its exit code tells
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RegistryException(RegistryException.Reason.AUTHENTICATION, exe + " get did not answer"
                        + " within 30 s for " + host + "; check the helper (does it wait for a login prompt?)");
            }
            String out = new String(stdout.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            String err = new String(stderr.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (p.exitValue() == 0) {
                return Optional.of(out);
            }
            if ((out + err).toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                return Optional.empty(); // the protocol's "no entry": another source may have them
            }
            String why = firstLine(err.isBlank() ? out : err);
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, exe + " get failed for " + host
                    + " (exit " + p.exitValue() + (why.isEmpty() ? "" : ": " + why) + "); run '" + exe
                    + " get' by hand with the host on stdin to see why");
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, exe + " interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "cannot read the output of " + exe);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The first line of a helper's complaint, short (it names the problem; a helper never echoes a secret here). */
    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
