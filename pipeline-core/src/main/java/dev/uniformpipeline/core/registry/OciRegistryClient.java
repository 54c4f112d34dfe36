package dev.uniformpipeline.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A small OCI distribution client for what jib does not expose: the digest a tag points at (to pin base images,
 * keep reruns idempotent and enforce immutable tags). Handles Basic and Bearer-token challenges.
 */
public final class OciRegistryClient {
    static final String ACCEPT = String.join(",",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final RegistryEndpoint endpoint;
    private final Optional<RegistryCredential> credential;
    private final HttpClient http;

    public OciRegistryClient(RegistryEndpoint endpoint, Optional<RegistryCredential> credential)
            throws RegistryException {
        this.endpoint = endpoint;
        this.credential = credential;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (!endpoint.plainHttp()) {
            if (endpoint.caCertificate() != null) {
                b.sslContext(RegistryTls.trust(endpoint.caCertificate()));
            } else {
                b.sslContext(RegistryTls.context());
            }
        }
        this.http = b.build();
    }

    /** The digest {@code reference} (tag or digest) points at in {@code repository}, or empty if absent. */
    public Optional<String> manifestDigest(String repository, String reference) throws RegistryException {
        URI uri = URI.create(endpoint.baseUrl() + "/v2/" + repository + "/manifests/" + reference);
        HttpResponse<byte[]> r = send(uri, "HEAD", repository);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() == 200) {
            Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
            if (header.isPresent()) {
                return header;
            }
            HttpResponse<byte[]> get = send(uri, "GET", repository);
            return Optional.of(sha256(get.body()));
        }
        throw unexpected(r, repository + ":" + reference);
    }

    /** A manifest as the registry serves it: exact bytes, their digest and the media type. */
    public record Manifest(byte[] bytes, String digest, String mediaType) {
        /** Whether this is an image index (OCI index or Docker manifest list). */
        public boolean isIndex() {
            return mediaType.equals("application/vnd.oci.image.index.v1+json")
                    || mediaType.equals("application/vnd.docker.distribution.manifest.list.v2+json");
        }
    }

    /** The manifest {@code reference} (tag or digest) names in {@code repository}, or empty if absent. */
    public Optional<Manifest> manifest(String repository, String reference) throws RegistryException {
        URI uri = URI.create(endpoint.baseUrl() + "/v2/" + repository + "/manifests/" + reference);
        HttpResponse<byte[]> r = send(uri, "GET", repository, null, null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw unexpected(r, repository + ":" + reference);
        }
        String digest = sha256(r.body());
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "registry " + endpoint.host()
                    + " served " + repository + "@" + reference + " with content of digest " + digest);
        }
        String type = r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip()).orElse("");
        if (type.isEmpty() || type.equals("application/json")) {
            try {
                JsonNode json = new ObjectMapper().readTree(r.body());
                type = json.path("mediaType").asText(json.has("manifests")
                        ? "application/vnd.oci.image.index.v1+json" : "application/vnd.oci.image.manifest.v1+json");
            } catch (IOException e) {
                throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "registry " + endpoint.host()
                        + " served a manifest for " + repository + ":" + reference + " that is not JSON");
            }
        }
        return Optional.of(new Manifest(r.body(), digest, type));
    }

    /** The bytes of blob {@code digest} in {@code repository} (small blobs: configs). */
    public byte[] blob(String repository, String digest) throws RegistryException {
        HttpResponse<byte[]> r = send(URI.create(endpoint.baseUrl() + "/v2/" + repository + "/blobs/" + digest),
                "GET", repository, null, null);
        if (r.statusCode() != 200) {
            throw unexpected(r, repository + "@" + digest);
        }
        return r.body();
    }

    /**
     * Puts a manifest (or index) under {@code reference} (a tag or its digest); returns the digest the registry
     * reports. A 5xx or 429 answer is thrown as a {@link RegistryException} whose cause carries the status, so
     * {@link PushRetry} retries it.
     */
    public String putManifest(String repository, String reference, byte[] bytes, String mediaType)
            throws RegistryException {
        URI uri = URI.create(endpoint.baseUrl() + "/v2/" + repository + "/manifests/" + reference);
        HttpResponse<byte[]> r = send(uri, "PUT", repository, bytes, mediaType);
        if (r.statusCode() == 201 || r.statusCode() == 200) {
            return r.headers().firstValue("Docker-Content-Digest").orElse(sha256(bytes));
        }
        String body = new String(r.body(), StandardCharsets.UTF_8);
        RegistryException.Reason reason = body.contains("TAG_INVALID") ? RegistryException.Reason.TAG_IMMUTABLE
                : RegistryException.Reason.PUSH_FAILED;
        throw new RegistryException(reason, "registry " + endpoint.host() + " answered HTTP " + r.statusCode()
                + " to PUT " + repository + ":" + reference + ": " + body.strip(), new HttpStatus(r.statusCode()));
    }

    /** An HTTP status as an I/O failure (what {@link PushRetry} reads with {@code getStatusCode()}). */
    public static final class HttpStatus extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HttpStatus(int status) {
            super("HTTP " + status);
            this.status = status;
        }

        public int getStatusCode() {
            return status;
        }
    }

    /** Whether {@code repository} has blob {@code digest} (HEAD). */
    public boolean hasBlob(String repository, String digest) throws RegistryException {
        HttpResponse<byte[]> r = send(URI.create(endpoint.baseUrl() + "/v2/" + repository + "/blobs/" + digest),
                "HEAD", repository, null, null);
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw unexpected(r, repository + "@" + digest);
    }

    /**
     * Asks the registry to mount blob {@code digest} from repository {@code from} into {@code repository}
     * ({@code POST /v2/<repository>/blobs/uploads/?mount=<digest>&from=<from>}). True on 201 (mounted); on 202 the
     * registry declined and opened an upload instead, which is cancelled, and the answer is false.
     */
    public boolean mountBlob(String repository, String digest, String from) throws RegistryException {
        URI uri = URI.create(endpoint.baseUrl() + "/v2/" + repository + "/blobs/uploads/?mount="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8) + "&from=" + URLEncoder.encode(from,
                StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = send(uri, "POST", repository, new byte[0], null);
        if (r.statusCode() == 201) {
            return true;
        }
        if (r.statusCode() == 202) {
            Optional<String> location = r.headers().firstValue("Location");
            if (location.isPresent()) {
                try {
                    send(URI.create(endpoint.baseUrl()).resolve(location.get()), "DELETE", repository, null, null);
                } catch (RegistryException e) {
                    // an abandoned upload session expires on its own
                }
            }
            return false;
        }
        if (r.statusCode() == 404 || r.statusCode() == 403 || r.statusCode() == 401) {
            return false; // no such source or no pull access to it: upload instead
        }
        throw unexpected(r, "mount of " + digest + " from " + from + " into " + repository);
    }

    /** Checks the registry answers the API and accepts the credentials. */
    public void ping(String repository) throws RegistryException {
        HttpResponse<byte[]> r = send(URI.create(endpoint.baseUrl() + "/v2/"), "GET", repository);
        if (r.statusCode() != 200) {
            throw unexpected(r, "/v2/");
        }
    }

    private HttpResponse<byte[]> send(URI uri, String method, String repository) throws RegistryException {
        return send(uri, method, repository, null, null);
    }

    private HttpResponse<byte[]> send(URI uri, String method, String repository, byte[] body, String contentType)
            throws RegistryException {
        HttpResponse<byte[]> r = exchange(uri, method, null, body, contentType);
        if (r.statusCode() != 401) {
            return r;
        }
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        String authorization;
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            authorization = basic().orElseThrow(() -> noCredentials(repository));
        } else if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            authorization = "Bearer " + token(challenge, repository);
        } else {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, endpoint.host()
                    + " asks for an unsupported authentication scheme; use a registry with Basic or Bearer auth");
        }
        HttpResponse<byte[]> again = exchange(uri, method, authorization, body, contentType);
        if (again.statusCode() == 401 || again.statusCode() == 403) {
            throw refused(repository);
        }
        return again;
    }

    private String token(String challenge, String repository) throws RegistryException {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, endpoint.host()
                    + " sent a Bearer challenge without realm");
        }
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (params.containsKey("service")) {
            url.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        url.append("scope=").append(URLEncoder.encode(params.getOrDefault("scope",
                "repository:" + repository + ":pull"), StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = exchange(URI.create(url.toString()), "GET", basic().orElse(null));
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw refused(repository);
        }
        if (r.statusCode() != 200) {
            throw unexpected(r, "token endpoint");
        }
        try {
            JsonNode json = new ObjectMapper().readTree(r.body());
            String token = json.path("token").asText(json.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "the token endpoint of "
                        + endpoint.host() + " returned no token");
            }
            return token;
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, "the token endpoint of "
                    + endpoint.host() + " returned no JSON");
        }
    }

    private Optional<String> basic() {
        return credential.map(c -> "Basic " + Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<byte[]> exchange(URI uri, String method, String authorization) throws RegistryException {
        return exchange(uri, method, authorization, null, null);
    }

    private HttpResponse<byte[]> exchange(URI uri, String method, String authorization, byte[] body,
                                          String contentType) throws RegistryException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLException e) {
            throw new RegistryException(RegistryException.Reason.TLS, "TLS to " + endpoint.host() + " failed ("
                    + e.getMessage() + "); if the registry uses a private CA set its caCertificate (PEM), or mark a"
                    + " local test registry insecure");
        } catch (ConnectException | HttpTimeoutException e) {
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, "cannot reach registry "
                    + endpoint.baseUrl() + " (" + e.getClass().getSimpleName() + "); check image.registry and that"
                    + " the registry is up");
        } catch (IOException e) {
            if (e.getCause() instanceof SSLException ssl) {
                throw new RegistryException(RegistryException.Reason.TLS, "TLS to " + endpoint.host() + " failed ("
                        + ssl.getMessage() + "); if the registry uses a private CA set its caCertificate (PEM)");
            }
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, "cannot talk to registry "
                    + endpoint.baseUrl() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, "interrupted talking to "
                    + endpoint.host());
        }
    }

    private RegistryException noCredentials(String repository) {
        return new RegistryException(RegistryException.Reason.AUTHENTICATION, "registry " + endpoint.host()
                + " needs credentials for " + repository + "; set " + EnvCredentials.USERNAME + "/"
                + EnvCredentials.PASSWORD + " or run 'docker login " + endpoint.host() + "'");
    }

    private RegistryException refused(String repository) {
        return new RegistryException(RegistryException.Reason.AUTHENTICATION, "registry " + endpoint.host()
                + " refused the credentials" + credential.map(c -> " of user '" + c.username() + "'").orElse("")
                + " for " + repository + "; check " + EnvCredentials.USERNAME + "/" + EnvCredentials.PASSWORD
                + " or the Docker config");
    }

    private RegistryException unexpected(HttpResponse<byte[]> r, String what) {
        return new RegistryException(r.statusCode() == 404 ? RegistryException.Reason.NOT_FOUND
                : RegistryException.Reason.PUSH_FAILED, "registry " + endpoint.host() + " answered HTTP "
                + r.statusCode() + " for " + what);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
