package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What local ECR reads from a manifest: its media type and what it references. The manifest bytes
 * themselves are never re-serialized; this is a read-only view used for validation and sizes.
 *
 * @param mediaType        the effective manifest media type
 * @param configDigest     the config blob of an image manifest (null for an index)
 * @param configMediaType  the config's media type, reported as {@code artifactMediaType}
 * @param blobs            config and layer digests an image manifest needs in the repository
 * @param children         manifest digests an index references
 * @param size             layers' total size for an image manifest; for an index, the largest child's size
 *                         is filled in later by the repository (0 here)
 */
record Manifest(String mediaType, String configDigest, String configMediaType, List<String> blobs,
        List<String> children, long size) {

    static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final Set<String> SUPPORTED = Set.of(DOCKER_V2, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);

    private static final ObjectMapper JSON = new ObjectMapper();

    boolean isIndex() {
        return mediaType.equals(DOCKER_LIST) || mediaType.equals(OCI_INDEX);
    }

    /** Thrown when bytes are not a manifest local ECR accepts; the message says what is wrong. */
    static final class InvalidManifestException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidManifestException(String message) {
            super(message);
        }
    }

    /**
     * @param declaredMediaType the Content-Type of a registry PUT or PutImage's imageManifestMediaType (may be null)
     */
    static Manifest parse(byte[] bytes, String declaredMediaType) throws InvalidManifestException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidManifestException("manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidManifestException("manifest is not readable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException("manifest must be a JSON object");
        }
        String inDocument = root.path("mediaType").asText(null);
        String declared = declaredMediaType == null ? null : declaredMediaType.split(";")[0].trim();
        if (declared != null && (declared.isEmpty() || declared.equals("application/json")
                || declared.equals("application/octet-stream"))) {
            declared = null;
        }
        String mediaType = declared != null ? declared : inDocument;
        if (mediaType == null) {
            mediaType = root.has("manifests") ? OCI_INDEX : root.has("config") ? OCI_MANIFEST : null;
        }
        if (mediaType == null || !SUPPORTED.contains(mediaType)) {
            throw new InvalidManifestException("unsupported manifest media type '" + mediaType + "'; supported: "
                    + String.join(", ", new java.util.TreeSet<>(SUPPORTED)));
        }
        if (inDocument != null && declared != null && !inDocument.equals(declared)) {
            throw new InvalidManifestException("manifest mediaType '" + inDocument
                    + "' does not match the declared media type '" + declared + "'");
        }
        if (root.path("schemaVersion").asInt() != 2) {
            throw new InvalidManifestException("schemaVersion must be 2");
        }
        if (mediaType.equals(DOCKER_LIST) || mediaType.equals(OCI_INDEX)) {
            if (!root.path("manifests").isArray()) {
                throw new InvalidManifestException("an image index needs a 'manifests' array");
            }
            List<String> children = new ArrayList<>();
            for (JsonNode m : root.get("manifests")) {
                children.add(digestOf(m, "manifests[]"));
            }
            return new Manifest(mediaType, null, null, List.of(), List.copyOf(children), 0);
        }
        JsonNode config = root.path("config");
        if (!config.isObject()) {
            throw new InvalidManifestException("an image manifest needs a 'config' descriptor");
        }
        List<String> blobs = new ArrayList<>();
        blobs.add(digestOf(config, "config"));
        long size = 0;
        if (!root.path("layers").isArray()) {
            throw new InvalidManifestException("an image manifest needs a 'layers' array");
        }
        for (JsonNode layer : root.get("layers")) {
            blobs.add(digestOf(layer, "layers[]"));
            size += layer.path("size").asLong();
        }
        return new Manifest(mediaType, blobs.get(0), config.path("mediaType").asText(null), List.copyOf(blobs),
                List.of(), size);
    }

    private static String digestOf(JsonNode descriptor, String where) throws InvalidManifestException {
        String d = descriptor.path("digest").asText("");
        if (!BlobStore.DIGEST.matcher(d).matches()) {
            throw new InvalidManifestException(where + ".digest must be sha256:<64 hex>, was '" + d + "'");
        }
        return d;
    }
}
