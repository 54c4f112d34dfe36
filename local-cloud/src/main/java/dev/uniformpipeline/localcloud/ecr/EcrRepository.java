package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One repository's mutable state. Not thread-safe: {@link EcrService} guards every access with its lock.
 * Blobs are shared content-addressed files; {@link #blobs} records which of them this repository holds
 * (pushed or mounted), as the registry API answers per repository.
 */
final class EcrRepository {
    /** Repositories are per account and region, as in AWS. */
    record Key(String account, String region, String name) {
    }

    /** One image (manifest) in the repository. */
    static final class Image {
        final String digest;
        final String mediaType;
        final String artifactMediaType;
        final long size;
        final Instant pushedAt;
        final List<String> children;
        Instant lastPull;
        Instant scanStartedAt;

        Image(String digest, String mediaType, String artifactMediaType, long size, Instant pushedAt,
                List<String> children) {
            this.digest = digest;
            this.mediaType = mediaType;
            this.artifactMediaType = artifactMediaType;
            this.size = size;
            this.pushedAt = pushedAt;
            this.children = List.copyOf(children);
        }
    }

    final Key key;
    final Instant createdAt;
    String tagMutability = "MUTABLE";
    boolean scanOnPush;
    String encryptionType = "AES256";
    String kmsKey;
    String lifecyclePolicyText;
    Instant lifecycleLastEvaluatedAt;
    String previewPolicyText;
    final Map<String, Image> images = new LinkedHashMap<>();
    /** tag → digest */
    final Map<String, String> tags = new LinkedHashMap<>();
    final Set<String> blobs = new LinkedHashSet<>();

    EcrRepository(Key key, Instant createdAt) {
        this.key = key;
        this.createdAt = createdAt;
    }

    boolean immutable() {
        return "IMMUTABLE".equals(tagMutability);
    }

    List<String> tagsOf(String digest) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getValue().equals(digest)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Removes an image and every tag pointing at it. */
    void removeImage(String digest) {
        images.remove(digest);
        tags.values().removeIf(d -> d.equals(digest));
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("account", key.account());
        n.put("region", key.region());
        n.put("name", key.name());
        n.put("createdAt", createdAt.toEpochMilli());
        n.put("tagMutability", tagMutability);
        n.put("scanOnPush", scanOnPush);
        n.put("encryptionType", encryptionType);
        n.put("kmsKey", kmsKey);
        n.put("lifecyclePolicyText", lifecyclePolicyText);
        n.put("lifecycleLastEvaluatedAt", lifecycleLastEvaluatedAt == null ? null
                : lifecycleLastEvaluatedAt.toEpochMilli());
        n.put("previewPolicyText", previewPolicyText);
        ArrayNode imgs = n.putArray("images");
        for (Image i : images.values()) {
            ObjectNode in = imgs.addObject();
            in.put("digest", i.digest);
            in.put("mediaType", i.mediaType);
            in.put("artifactMediaType", i.artifactMediaType);
            in.put("size", i.size);
            in.put("pushedAt", i.pushedAt.toEpochMilli());
            in.put("lastPull", i.lastPull == null ? null : i.lastPull.toEpochMilli());
            in.put("scanStartedAt", i.scanStartedAt == null ? null : i.scanStartedAt.toEpochMilli());
            ArrayNode ch = in.putArray("children");
            i.children.forEach(ch::add);
        }
        ObjectNode t = n.putObject("tags");
        tags.forEach(t::put);
        ArrayNode b = n.putArray("blobs");
        new TreeSet<>(blobs).forEach(b::add);
        return n;
    }

    static EcrRepository fromJson(JsonNode n) {
        EcrRepository r = new EcrRepository(
                new Key(n.path("account").asText(), n.path("region").asText(), n.path("name").asText()),
                Instant.ofEpochMilli(n.path("createdAt").asLong()));
        r.tagMutability = n.path("tagMutability").asText("MUTABLE");
        r.scanOnPush = n.path("scanOnPush").asBoolean();
        r.encryptionType = n.path("encryptionType").asText("AES256");
        r.kmsKey = text(n, "kmsKey");
        r.lifecyclePolicyText = text(n, "lifecyclePolicyText");
        r.lifecycleLastEvaluatedAt = instant(n, "lifecycleLastEvaluatedAt");
        r.previewPolicyText = text(n, "previewPolicyText");
        for (JsonNode in : n.path("images")) {
            List<String> children = new ArrayList<>();
            in.path("children").forEach(c -> children.add(c.asText()));
            Image i = new Image(in.path("digest").asText(), in.path("mediaType").asText(),
                    text(in, "artifactMediaType"), in.path("size").asLong(),
                    Instant.ofEpochMilli(in.path("pushedAt").asLong()), children);
            i.lastPull = instant(in, "lastPull");
            i.scanStartedAt = instant(in, "scanStartedAt");
            r.images.put(i.digest, i);
        }
        n.path("tags").properties().forEach(e -> r.tags.put(e.getKey(), e.getValue().asText()));
        n.path("blobs").forEach(b -> r.blobs.add(b.asText()));
        return r;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
    }
}
