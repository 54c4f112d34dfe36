package dev.uniformpipeline.core.source;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds an https token for a git URL, in this order:
 * <ol>
 *   <li>the environment variable {@value #TOKEN_ENV} (user name from {@value #USERNAME_ENV}, default
 *       {@value #DEFAULT_USERNAME});</li>
 *   <li>a credentials file in git-credential-store format ({@code https://user:token@host[:port]}, one per line),
 *       named by {@value #FILE_ENV} or given explicitly; the entry whose host and port match the URL wins, and
 *       among those the one whose path is the longest prefix of the URL's path.</li>
 * </ol>
 * The token is never logged; {@link GitCredentials.Token#toString()} hides it.
 */
public final class TokenCredentialsProvider {
    public static final String TOKEN_ENV = "UNIFORM_GIT_TOKEN";
    public static final String USERNAME_ENV = "UNIFORM_GIT_USERNAME";
    public static final String FILE_ENV = "UNIFORM_GIT_CREDENTIALS_FILE";
    public static final String DEFAULT_USERNAME = "x-access-token";

    private final Map<String, String> env;
    private final Path credentialsFile;

    /**
     * @param env             the environment to read (normally {@code System.getenv()})
     * @param credentialsFile an explicit credentials file, or null to use {@value #FILE_ENV} if set
     */
    public TokenCredentialsProvider(Map<String, String> env, Path credentialsFile) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        String fromEnv = this.env.get(FILE_ENV);
        this.credentialsFile = credentialsFile != null ? credentialsFile
                : (fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv));
    }

    /** Reads the process environment. */
    public static TokenCredentialsProvider fromEnvironment() {
        return new TokenCredentialsProvider(System.getenv(), null);
    }

    /**
     * The credentials for {@code url}: a token when one is configured and the URL is http(s), otherwise
     * {@link GitCredentials#none()}.
     *
     * @throws CheckoutException when the credentials file is named but cannot be read
     */
    public GitCredentials forUrl(String url) throws CheckoutException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return GitCredentials.none();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return GitCredentials.none();
        }
        String token = env.get(TOKEN_ENV);
        if (token != null && !token.isBlank()) {
            String user = env.getOrDefault(USERNAME_ENV, "");
            return GitCredentials.token(user.isBlank() ? DEFAULT_USERNAME : user, token.strip());
        }
        if (credentialsFile != null) {
            return fromFile(uri).orElse(GitCredentials.none());
        }
        return GitCredentials.none();
    }

    private Optional<GitCredentials> fromFile(URI target) throws CheckoutException {
        List<String> lines;
        try {
            lines = Files.readAllLines(credentialsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckoutException(CheckoutException.Reason.IO, "cannot read the git credentials file "
                    + credentialsFile + " (" + e.getClass().getSimpleName()
                    + "); fix its path in " + FILE_ENV + " or its permissions");
        }
        GitCredentials best = null;
        int bestPathLength = -1;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            URI entry;
            try {
                entry = URI.create(line);
            } catch (IllegalArgumentException e) {
                continue; // malformed line: skipped, never echoed (it may hold a token)
            }
            String userInfo = entry.getRawUserInfo();
            if (userInfo == null || entry.getHost() == null || !userInfo.contains(":")) {
                continue;
            }
            if (!entry.getHost().equalsIgnoreCase(target.getHost()) || port(entry) != port(target)
                    || !sameScheme(entry, target)) {
                continue;
            }
            String entryPath = entry.getPath() == null ? "" : stripSlash(entry.getPath());
            String targetPath = target.getPath() == null ? "" : stripSlash(target.getPath());
            if (!entryPath.isEmpty() && !(targetPath.equals(entryPath) || targetPath.startsWith(entryPath + "/")
                    || targetPath.equals(entryPath + ".git") || (targetPath + ".git").equals(entryPath))) {
                continue;
            }
            if (entryPath.length() > bestPathLength) {
                int colon = userInfo.indexOf(':');
                String user = URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8);
                String token = URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
                if (token.isEmpty()) {
                    continue;
                }
                best = GitCredentials.token(user.isEmpty() ? DEFAULT_USERNAME : user, token);
                bestPathLength = entryPath.length();
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean sameScheme(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme());
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static String stripSlash(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
