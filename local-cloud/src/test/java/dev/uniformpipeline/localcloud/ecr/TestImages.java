package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds small images and pushes them through the ECR API's layer upload operations and PutImage. */
final class TestImages {
    static final ObjectMapper JSON = new ObjectMapper();
    static final RequestContext CTX = new RequestContext("us-east-1", "123456789012", "AKIDTEST", "req-1");

    /** A manifest with unusual spacing and key order, so re-serializing it would change its digest. */
    record Built(byte[] config, byte[] layer, String manifest, String digest) {
    }

    static Built build(String content) {
        byte[] layer = ("layer:" + content).getBytes(StandardCharsets.UTF_8);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"APP=" + content
                + "\",\"PATH=/bin\"],\"Entrypoint\":[\"/app/run\"],\"Cmd\":[\"--port\",\"8080\"],"
                + "\"Labels\":{\"org.example.content\":\"" + content + "\"},\"ExposedPorts\":{\"8080/tcp\":{}}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + BlobStore.sha256(layer) + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String manifest = "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"" + Manifest.DOCKER_V2 + "\",\n"
                + "   \"config\": {\"size\": " + configBytes.length + ", \"mediaType\": "
                + "\"application/vnd.docker.container.image.v1+json\", \"digest\": \"" + BlobStore.sha256(configBytes)
                + "\"},\n   \"layers\": [ {\"mediaType\": \"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                + " \"size\": " + layer.length + ", \"digest\": \"" + BlobStore.sha256(layer) + "\"} ]\n}\n";
        return new Built(configBytes, layer, manifest, BlobStore.sha256(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    static void uploadBlob(EcrService ecr, String repo, byte[] blob) throws AwsException {
        String uploadId = call(ecr, "InitiateLayerUpload", "{\"repositoryName\":\"" + repo + "\"}")
                .path("uploadId").asText();
        ObjectNode part = JSON.createObjectNode();
        part.put("repositoryName", repo);
        part.put("uploadId", uploadId);
        part.put("partFirstByte", 0);
        part.put("partLastByte", blob.length - 1);
        part.put("layerPartBlob", Base64.getEncoder().encodeToString(blob));
        ecr.call("UploadLayerPart", part, CTX);
        call(ecr, "CompleteLayerUpload", "{\"repositoryName\":\"" + repo + "\",\"uploadId\":\"" + uploadId
                + "\",\"layerDigests\":[\"" + BlobStore.sha256(blob) + "\"]}");
    }

    /** Uploads the blobs and puts the manifest with {@code tag} (null: untagged); returns the built image. */
    static Built push(EcrService ecr, String repo, String content, String tag) throws AwsException {
        Built b = build(content);
        uploadBlob(ecr, repo, b.config());
        uploadBlob(ecr, repo, b.layer());
        putImage(ecr, repo, b.manifest(), tag);
        return b;
    }

    static JsonNode putImage(EcrService ecr, String repo, String manifest, String tag) throws AwsException {
        ObjectNode in = JSON.createObjectNode();
        in.put("repositoryName", repo);
        in.put("imageManifest", manifest);
        if (tag != null) {
            in.put("imageTag", tag);
        }
        return ecr.call("PutImage", in, CTX);
    }

    static JsonNode call(EcrService ecr, String op, String json) throws AwsException {
        try {
            return ecr.call(op, JSON.readTree(json), CTX);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private TestImages() {
    }
}
