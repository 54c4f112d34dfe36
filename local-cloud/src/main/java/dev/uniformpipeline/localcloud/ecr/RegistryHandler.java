package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI distribution API (registry v2) of local ECR under {@code /v2/}: Basic auth with user {@code AWS}
 * and the ECR token's password, which also names the account and region whose repositories the request
 * addresses. Errors use the distribution error body {@code {"errors":[{"code","message"}]}}.
 */
final class RegistryHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)";
    private static final Pattern UPLOADS = Pattern.compile("/v2/" + NAME + "/blobs/uploads/?");
    private static final Pattern UPLOAD = Pattern.compile("/v2/" + NAME + "/blobs/uploads/([0-9a-f-]{36})");
    private static final Pattern BLOB = Pattern.compile("/v2/" + NAME + "/blobs/([^/]+)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/" + NAME + "/manifests/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/" + NAME + "/tags/list");

    private final EcrService ecr;
    private final RegistryTokens tokens;
    private final EcrFaults faults;
    private final BlobStore blobs;
    private final java.util.concurrent.atomic.AtomicInteger mounts = new java.util.concurrent.atomic.AtomicInteger();

    RegistryHandler(EcrService ecr, RegistryTokens tokens, EcrFaults faults, BlobStore blobs) {
        this.ecr = ecr;
        this.tokens = tokens;
        this.faults = faults;
        this.blobs = blobs;
    }

    /** A registry error: HTTP status, distribution error code and message. */
    private static final class RegistryError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        RegistryError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            try {
                route(ex);
            } catch (RegistryError e) {
                drain(ex);
                if (e.status == 401) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + realm(ex) + "\",service=\"ecr.amazonaws.com\"");
                }
                sendError(ex, e.status, e.code, e.getMessage());
            } catch (RuntimeException e) {
                drain(ex);
                sendError(ex, 500, "UNKNOWN", "internal error: " + e);
            }
        }
    }

    private void route(HttpExchange ex) throws IOException, RegistryError {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        RegistryTokens.Check check = tokens.check(ex.getRequestHeaders().getFirst("Authorization"));
        if (check instanceof RegistryTokens.Rejected r) {
            throw new RegistryError(401, r.code(), r.message());
        }
        RegistryTokens.Valid who = (RegistryTokens.Valid) check;
        if (path.equals("/v2/") || path.equals("/v2")) {
            sendJson(ex, 200, JSON.createObjectNode());
            return;
        }
        Matcher m;
        if ((m = UPLOADS.matcher(path)).matches()) {
            requireMethod(method, "POST");
            startUpload(ex, key(who, m.group(1)));
        } else if ((m = UPLOAD.matcher(path)).matches()) {
            upload(ex, key(who, m.group(1)), m.group(2), method);
        } else if ((m = BLOB.matcher(path)).matches()) {
            blob(ex, key(who, m.group(1)), m.group(2), method);
        } else if ((m = MANIFEST.matcher(path)).matches()) {
            manifest(ex, key(who, m.group(1)), decode(m.group(2)), method);
        } else if ((m = TAGS.matcher(path)).matches()) {
            requireMethod(method, "GET");
            tagsList(ex, key(who, m.group(1)));
        } else {
            throw new RegistryError(404, "NAME_INVALID", "invalid repository name or unsupported path: " + path);
        }
    }

    /** How many cross-repository mounts succeeded (lets tests see that a client mounted instead of uploading). */
    int mountsServed() {
        return mounts.get();
    }

    private static EcrRepository.Key key(RegistryTokens.Valid who, String name) {
        return new EcrRepository.Key(who.account(), who.region(), name);
    }

    // ------------------------------------------------------------------ blobs

    private void blob(HttpExchange ex, EcrRepository.Key key, String digest, String method)
            throws IOException, RegistryError {
        requireRepository(key);
        if (!BlobStore.DIGEST.matcher(digest).matches()) {
            throw new RegistryError(400, "DIGEST_INVALID", "invalid digest '" + digest + "'");
        }
        if (method.equals("DELETE")) {
            throw new RegistryError(405, "UNSUPPORTED", "blob deletion is not supported; delete images instead");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new RegistryError(405, "UNSUPPORTED", "method " + method + " not allowed on a blob");
        }
        if (!hasBlob(key, digest)) {
            throw new RegistryError(404, "BLOB_UNKNOWN", "blob " + digest + " does not exist in repository '"
                    + key.name() + "'");
        }
        Path file = blobs.file(digest).orElseThrow();
        long size = Files.size(file);
        ex.getResponseHeaders().set("Docker-Content-Digest", digest);
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (method.equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(size));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    private void startUpload(HttpExchange ex, EcrRepository.Key key) throws IOException, RegistryError {
        requireRepository(key);
        denyPushIfInjected(key, "ecr:InitiateLayerUpload");
        Map<String, String> q = query(ex);
        String mount = q.get("mount");
        if (mount != null && q.get("from") != null) {
            boolean mounted;
            try {
                mounted = BlobStore.DIGEST.matcher(mount).matches() && ecr.mountBlob(key, q.get("from"), mount);
            } catch (AwsException e) {
                throw map(e);
            }
            if (mounted) {
                mounts.incrementAndGet();
                drain(ex);
                blobCreated(ex, key, mount);
                return;
            }
            // not mountable: fall through and start an ordinary upload, as the distribution spec says
        }
        String id = blobs.startUpload();
        String digest = q.get("digest");
        if (digest != null) {
            // monolithic upload: POST ?digest= with the whole blob as body
            blobs.append(id, ex.getRequestBody());
            complete(ex, key, id, digest);
            return;
        }
        drain(ex);
        uploadAccepted(ex, key, id, 0, 202);
    }

    private void upload(HttpExchange ex, EcrRepository.Key key, String id, String method)
            throws IOException, RegistryError {
        requireRepository(key);
        if (!blobs.uploadExists(id)) {
            throw new RegistryError(404, "BLOB_UPLOAD_UNKNOWN", "upload " + id + " is unknown or was completed");
        }
        switch (method) {
            case "GET":
                drain(ex);
                uploadAccepted(ex, key, id, blobs.uploadSize(id), 204);
                return;
            case "PATCH": {
                long size = blobs.append(id, ex.getRequestBody());
                uploadAccepted(ex, key, id, size, 202);
                return;
            }
            case "PUT": {
                String digest = query(ex).get("digest");
                if (digest == null) {
                    drain(ex);
                    throw new RegistryError(400, "DIGEST_INVALID", "the digest query parameter is required");
                }
                blobs.append(id, ex.getRequestBody());
                complete(ex, key, id, digest);
                return;
            }
            case "DELETE":
                drain(ex);
                blobs.cancelUpload(id);
                ex.sendResponseHeaders(204, -1);
                return;
            default:
                throw new RegistryError(405, "UNSUPPORTED", "method " + method + " not allowed on an upload");
        }
    }

    private void complete(HttpExchange ex, EcrRepository.Key key, String id, String digest)
            throws IOException, RegistryError {
        if (faults.takeBlobUploadFailure()) {
            blobs.cancelUpload(id);
            throw new RegistryError(500, "UNKNOWN", "injected fault: blob upload failed, start the upload again");
        }
        if (!BlobStore.DIGEST.matcher(digest).matches()) {
            blobs.cancelUpload(id);
            throw new RegistryError(400, "DIGEST_INVALID", "invalid digest '" + digest + "'");
        }
        if (!blobs.commitUpload(id, digest)) {
            throw new RegistryError(400, "DIGEST_INVALID", "provided digest " + digest
                    + " did not match the uploaded content");
        }
        try {
            ecr.addBlob(key, digest);
        } catch (AwsException e) {
            throw map(e);
        }
        blobCreated(ex, key, digest);
    }

    private void blobCreated(HttpExchange ex, EcrRepository.Key key, String digest) throws IOException {
        ex.getResponseHeaders().set("Location", base(ex) + "/v2/" + key.name() + "/blobs/" + digest);
        ex.getResponseHeaders().set("Docker-Content-Digest", digest);
        ex.sendResponseHeaders(201, -1);
    }

    private void uploadAccepted(HttpExchange ex, EcrRepository.Key key, String id, long size, int status)
            throws IOException {
        ex.getResponseHeaders().set("Location", base(ex) + "/v2/" + key.name() + "/blobs/uploads/" + id);
        ex.getResponseHeaders().set("Docker-Upload-UUID", id);
        ex.getResponseHeaders().set("Range", "0-" + Math.max(0, size - 1));
        ex.sendResponseHeaders(status, -1);
    }

    // ------------------------------------------------------------------ manifests

    private void manifest(HttpExchange ex, EcrRepository.Key key, String reference, String method)
            throws IOException, RegistryError {
        boolean byDigest = reference.startsWith("sha256:");
        if (byDigest && !BlobStore.DIGEST.matcher(reference).matches()) {
            throw new RegistryError(400, "DIGEST_INVALID", "invalid digest '" + reference + "'");
        }
        switch (method) {
            case "GET":
            case "HEAD": {
                Optional<EcrService.StoredManifest> found;
                try {
                    found = ecr.manifest(key, reference, method.equals("GET"));
                } catch (AwsException e) {
                    throw map(e);
                }
                EcrService.StoredManifest sm = found.orElseThrow(() -> new RegistryError(404, "MANIFEST_UNKNOWN",
                        "Requested image not found"));
                ex.getResponseHeaders().set("Content-Type", sm.mediaType());
                ex.getResponseHeaders().set("Docker-Content-Digest", sm.digest());
                if (method.equals("HEAD")) {
                    ex.getResponseHeaders().set("Content-Length", Integer.toString(sm.bytes().length));
                    ex.sendResponseHeaders(200, -1);
                } else {
                    ex.sendResponseHeaders(200, sm.bytes().length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(sm.bytes());
                    }
                }
                return;
            }
            case "PUT": {
                denyPushIfInjected(key, "ecr:PutImage");
                byte[] bytes;
                try (InputStream in = ex.getRequestBody()) {
                    bytes = in.readAllBytes();
                }
                String contentType = ex.getRequestHeaders().getFirst("Content-Type");
                EcrService.PutResult r;
                try {
                    r = ecr.putManifest(key, bytes, contentType, byDigest ? null : reference,
                            byDigest ? reference : null, true);
                } catch (Manifest.InvalidManifestException e) {
                    throw new RegistryError(400, "MANIFEST_INVALID", e.getMessage());
                } catch (AwsException e) {
                    throw map(e);
                }
                ex.getResponseHeaders().set("Location", base(ex) + "/v2/" + key.name() + "/manifests/" + r.digest());
                ex.getResponseHeaders().set("Docker-Content-Digest", r.digest());
                ex.sendResponseHeaders(201, -1);
                return;
            }
            case "DELETE": {
                if (!byDigest) {
                    throw new RegistryError(400, "UNSUPPORTED", "delete manifests by digest");
                }
                boolean deleted;
                try {
                    deleted = ecr.deleteManifest(key, reference);
                } catch (AwsException e) {
                    throw map(e);
                }
                if (!deleted) {
                    throw new RegistryError(404, "MANIFEST_UNKNOWN", "Requested image not found");
                }
                ex.sendResponseHeaders(202, -1);
                return;
            }
            default:
                throw new RegistryError(405, "UNSUPPORTED", "method " + method + " not allowed on a manifest");
        }
    }

    private void tagsList(HttpExchange ex, EcrRepository.Key key) throws IOException, RegistryError {
        List<String> tags;
        try {
            tags = ecr.tags(key);
        } catch (AwsException e) {
            throw map(e);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("name", key.name());
        ArrayNode arr = out.putArray("tags");
        tags.forEach(arr::add);
        sendJson(ex, 200, out);
    }

    // ------------------------------------------------------------------ plumbing

    private void requireRepository(EcrRepository.Key key) throws RegistryError {
        try {
            ecr.requireRepository(key);
        } catch (AwsException e) {
            throw map(e);
        }
    }

    /** The {@link EcrFaults#denyPushesTo} fault: 403 DENIED worded as IAM's implicit deny. */
    private void denyPushIfInjected(EcrRepository.Key key, String action) throws RegistryError {
        if (faults.pushDenied(key.name())) {
            throw new RegistryError(403, "DENIED", "User: arn:aws:iam::" + key.account() + ":user/local is not"
                    + " authorized to perform: " + action + " on resource: arn:aws:ecr:" + key.region() + ":"
                    + key.account() + ":repository/" + key.name() + " because no identity-based policy allows the "
                    + action + " action");
        }
    }

    private boolean hasBlob(EcrRepository.Key key, String digest) throws RegistryError {
        try {
            return ecr.hasBlob(key, digest);
        } catch (AwsException e) {
            throw map(e);
        }
    }

    /** ECR API errors as the registry endpoint reports them. */
    private static RegistryError map(AwsException e) {
        return switch (e.code()) {
            case "RepositoryNotFoundException" -> new RegistryError(404, "NAME_UNKNOWN", e.getMessage());
            case "ImageTagAlreadyExistsException", "InvalidParameterException" ->
                    new RegistryError(400, "TAG_INVALID", e.getMessage());
            case "ImageDigestDoesNotMatchException" -> new RegistryError(400, "DIGEST_INVALID", e.getMessage());
            case "LayersNotFoundException" -> new RegistryError(400, "MANIFEST_BLOB_UNKNOWN", e.getMessage());
            case "ReferencedImagesNotFoundException" -> new RegistryError(400, "MANIFEST_UNKNOWN", e.getMessage());
            default -> new RegistryError(e.httpStatus(), "UNKNOWN", e.getMessage());
        };
    }

    private static void requireMethod(String method, String expected) throws RegistryError {
        if (!method.equals(expected)) {
            throw new RegistryError(405, "UNSUPPORTED", "method " + method + " not allowed here");
        }
    }

    private static String base(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            host = "127.0.0.1:" + ex.getLocalAddress().getPort();
        }
        return "http://" + host;
    }

    private static String realm(HttpExchange ex) {
        return base(ex) + "/v2/";
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            q.putIfAbsent(k, v);
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away; nothing to drain
        }
    }

    private static void sendJson(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendError(HttpExchange ex, int status, String code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode err = body.putArray("errors").addObject();
        err.put("code", code);
        err.put("message", message);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        sendJson(ex, status, body);
    }
}
