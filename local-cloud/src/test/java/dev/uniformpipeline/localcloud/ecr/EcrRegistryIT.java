package dev.uniformpipeline.localcloud.ecr;

import static dev.uniformpipeline.localcloud.ecr.TestImages.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry v2 endpoint over real HTTP (JDK HttpServer), spoken to with raw requests. */
class EcrRegistryIT {
    private final TestClock clock = new TestClock(1);
    private MiniFrontDoor door;
    private EcrService ecr;
    private final HttpClient http = HttpClient.newHttpClient();
    private String auth;

    @BeforeEach
    void start() throws Exception {
        door = new MiniFrontDoor();
        ecr = EcrService.builder(clock).registryAuthority(door::authority).lifecycleInterval(null).build();
        door.mount(ecr, ecr);
        auth = "Basic " + call(ecr, "GetAuthorizationToken", "{}").path("authorizationData").get(0)
                .path("authorizationToken").asText();
        call(ecr, "CreateRepository", "{\"repositoryName\":\"app\"}");
    }

    @AfterEach
    void stop() {
        door.close();
        ecr.close();
    }

    private HttpResponse<byte[]> send(String method, String pathOrUrl, byte[] body, String contentType)
            throws IOException, InterruptedException {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : door.endpoint() + pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String errorCode(HttpResponse<byte[]> r) throws IOException {
        JsonNode n = TestImages.JSON.readTree(r.body());
        return n.path("errors").get(0).path("code").asText();
    }

    private static String errorMessage(HttpResponse<byte[]> r) throws IOException {
        return TestImages.JSON.readTree(r.body()).path("errors").get(0).path("message").asText();
    }

    /** Chunked upload: POST, two PATCHes, PUT ?digest=. */
    private String upload(String repo, byte[] blob) throws Exception {
        HttpResponse<byte[]> start = send("POST", "/v2/" + repo + "/blobs/uploads/", null, null);
        assertEquals(202, start.statusCode(), new String(start.body(), StandardCharsets.UTF_8));
        String location = start.headers().firstValue("Location").orElseThrow();
        int half = blob.length / 2;
        HttpResponse<byte[]> p1 = send("PATCH", location, Arrays.copyOfRange(blob, 0, half), "application/octet-stream");
        assertEquals(202, p1.statusCode());
        assertEquals("0-" + (half - 1), p1.headers().firstValue("Range").orElseThrow());
        HttpResponse<byte[]> p2 = send("PATCH", p1.headers().firstValue("Location").orElseThrow(),
                Arrays.copyOfRange(blob, half, blob.length), "application/octet-stream");
        assertEquals("0-" + (blob.length - 1), p2.headers().firstValue("Range").orElseThrow());
        String digest = BlobStore.sha256(blob);
        HttpResponse<byte[]> put = send("PUT", p2.headers().firstValue("Location").orElseThrow() + "?digest=" + digest,
                null, null);
        assertEquals(201, put.statusCode(), new String(put.body(), StandardCharsets.UTF_8));
        assertEquals(digest, put.headers().firstValue("Docker-Content-Digest").orElseThrow());
        return digest;
    }

    private HttpResponse<byte[]> putManifest(String repo, String ref, String manifest) throws Exception {
        return send("PUT", "/v2/" + repo + "/manifests/" + ref, manifest.getBytes(StandardCharsets.UTF_8),
                Manifest.DOCKER_V2);
    }

    private TestImages.Built pushRaw(String repo, String content, String tag) throws Exception {
        TestImages.Built b = TestImages.build(content);
        upload(repo, b.config());
        upload(repo, b.layer());
        HttpResponse<byte[]> r = putManifest(repo, tag, b.manifest());
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return b;
    }

    @Test
    void baseEndpointChallengesForBasicAuthAndAcceptsTheEcrToken() throws Exception {
        String token = auth;
        auth = null;
        HttpResponse<byte[]> anonymous = send("GET", "/v2/", null, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
        assertEquals("UNAUTHORIZED", errorCode(anonymous));
        auth = token;
        HttpResponse<byte[]> ok = send("GET", "/v2/", null, null);
        assertEquals(200, ok.statusCode());
        assertEquals("registry/2.0", ok.headers().firstValue("Docker-Distribution-API-Version").orElseThrow());
    }

    @Test
    void chunkedAndMonolithicUploadsThenBlobHeadAndGet() throws Exception {
        byte[] blob = "some layer bytes, long enough to split".getBytes(StandardCharsets.UTF_8);
        String digest = upload("app", blob);
        HttpResponse<byte[]> head = send("HEAD", "/v2/app/blobs/" + digest, null, null);
        assertEquals(200, head.statusCode());
        assertEquals(digest, head.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals(Integer.toString(blob.length), head.headers().firstValue("Content-Length").orElseThrow());
        HttpResponse<byte[]> get = send("GET", "/v2/app/blobs/" + digest, null, null);
        assertArrayEquals(blob, get.body());

        byte[] mono = "monolithic".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> post = send("POST", "/v2/app/blobs/uploads/?digest=" + BlobStore.sha256(mono), mono,
                "application/octet-stream");
        assertEquals(201, post.statusCode());
        assertEquals(200, send("HEAD", "/v2/app/blobs/" + BlobStore.sha256(mono), null, null).statusCode());
        assertEquals(404, send("HEAD", "/v2/app/blobs/sha256:" + "1".repeat(64), null, null).statusCode());
    }

    @Test
    void wrongDigestIsDigestInvalidAndUnknownRepositoryIsNameUnknown() throws Exception {
        HttpResponse<byte[]> start = send("POST", "/v2/app/blobs/uploads/", null, null);
        String location = start.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> put = send("PUT", location + "?digest=sha256:" + "2".repeat(64),
                "content".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        assertEquals(400, put.statusCode());
        assertEquals("DIGEST_INVALID", errorCode(put));
        HttpResponse<byte[]> unknown = send("POST", "/v2/nope/blobs/uploads/", null, null);
        assertEquals(404, unknown.statusCode());
        assertEquals("NAME_UNKNOWN", errorCode(unknown));
        TestImages.Built b = TestImages.build("x");
        HttpResponse<byte[]> byWrongDigest = putManifest("app", "sha256:" + "3".repeat(64), b.manifest());
        assertEquals(400, byWrongDigest.statusCode());
    }

    @Test
    void manifestIsStoredAndServedAsTheExactBytesWithTheirDigest() throws Exception {
        TestImages.Built b = TestImages.build("exact");
        upload("app", b.config());
        upload("app", b.layer());
        HttpResponse<byte[]> put = putManifest("app", "v1", b.manifest());
        assertEquals(201, put.statusCode());
        assertEquals(b.digest(), put.headers().firstValue("Docker-Content-Digest").orElseThrow());
        for (String ref : new String[] {"v1", b.digest()}) {
            HttpResponse<byte[]> get = send("GET", "/v2/app/manifests/" + ref, null, null);
            assertEquals(200, get.statusCode());
            assertArrayEquals(b.manifest().getBytes(StandardCharsets.UTF_8), get.body());
            assertEquals(Manifest.DOCKER_V2, get.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(b.digest(), get.headers().firstValue("Docker-Content-Digest").orElseThrow());
        }
        HttpResponse<byte[]> head = send("HEAD", "/v2/app/manifests/v1", null, null);
        assertEquals(200, head.statusCode());
        assertEquals(b.digest(), head.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals(404, send("GET", "/v2/app/manifests/v2", null, null).statusCode());
        JsonNode tags = TestImages.JSON.readTree(send("GET", "/v2/app/tags/list", null, null).body());
        assertEquals("v1", tags.path("tags").get(0).asText());
        assertEquals(b.manifest(), call(ecr, "BatchGetImage",
                "{\"repositoryName\":\"app\",\"imageIds\":[{\"imageTag\":\"v1\"}]}").path("images").get(0)
                .path("imageManifest").asText());
    }

    @Test
    void manifestWithMissingLayerIsManifestBlobUnknown() throws Exception {
        TestImages.Built b = TestImages.build("partial");
        upload("app", b.config());
        HttpResponse<byte[]> put = putManifest("app", "v1", b.manifest());
        assertEquals(400, put.statusCode());
        assertEquals("MANIFEST_BLOB_UNKNOWN", errorCode(put));
    }

    @Test
    void immutableRepositoryAnswersTagInvalidForADifferentDigestAndAcceptsTheSameOne() throws Exception {
        call(ecr, "CreateRepository", "{\"repositoryName\":\"locked\",\"imageTagMutability\":\"IMMUTABLE\"}");
        TestImages.Built first = pushRaw("locked", "first", "1.0");
        TestImages.Built second = TestImages.build("second");
        upload("locked", second.config());
        upload("locked", second.layer());
        HttpResponse<byte[]> conflict = putManifest("locked", "1.0", second.manifest());
        assertEquals(400, conflict.statusCode());
        assertEquals("TAG_INVALID", errorCode(conflict));
        assertEquals("The image tag '1.0' already exists in the 'locked' repository and cannot be overwritten because"
                + " the repository is immutable.", errorMessage(conflict));
        HttpResponse<byte[]> same = putManifest("locked", "1.0", first.manifest());
        assertEquals(201, same.statusCode());
        assertEquals(first.digest(), same.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    private HttpResponse<byte[]> mount(String to, String digest, String from) throws Exception {
        return send("POST", "/v2/" + to + "/blobs/uploads/?mount=" + digest + "&from=" + from, null, null);
    }

    @Test
    void crossRepositoryMountAnswers201OnlyWithBlobMountingEnabledAndABlobAManifestReferences() throws Exception {
        call(ecr, "CreateRepository", "{\"repositoryName\":\"other\"}");
        TestImages.Built image = pushRaw("app", "shared layer", "v1");
        String layer = BlobStore.sha256(image.layer());
        assertEquals(404, send("HEAD", "/v2/other/blobs/" + layer, null, null).statusCode());

        // BLOB_MOUNTING is DISABLED by default: the mount parameters are ignored, an upload starts (202)
        assertEquals("DISABLED", call(ecr, "GetAccountSetting", "{\"name\":\"BLOB_MOUNTING\"}").path("value").asText());
        HttpResponse<byte[]> disabled = mount("other", layer, "app");
        assertEquals(202, disabled.statusCode());
        assertTrue(disabled.headers().firstValue("Location").orElseThrow().contains("/v2/other/blobs/uploads/"));
        assertEquals(404, send("HEAD", "/v2/other/blobs/" + layer, null, null).statusCode());

        assertEquals("ENABLED", call(ecr, "PutAccountSetting", "{\"name\":\"BLOB_MOUNTING\",\"value\":\"ENABLED\"}")
                .path("value").asText());
        HttpResponse<byte[]> mounted = mount("other", layer, "app");
        assertEquals(201, mounted.statusCode());
        assertEquals(layer, mounted.headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertEquals(200, send("HEAD", "/v2/other/blobs/" + layer, null, null).statusCode());

        // a blob that is only uploaded, not referenced by a manifest, is not mountable (ECR's rule)
        String loose = upload("app", "uploaded, never referenced".getBytes(StandardCharsets.UTF_8));
        assertEquals(202, mount("other", loose, "app").statusCode());
        String absent = "sha256:" + "4".repeat(64);
        assertEquals(202, mount("other", absent, "app").statusCode());
    }

    @Test
    void mountNeedsTheSameEncryptionInBothRepositories() throws Exception {
        call(ecr, "PutAccountSetting", "{\"name\":\"BLOB_MOUNTING\",\"value\":\"ENABLED\"}");
        call(ecr, "CreateRepository", "{\"repositoryName\":\"kms\",\"encryptionConfiguration\":"
                + "{\"encryptionType\":\"KMS\",\"kmsKey\":\"arn:aws:kms:us-east-1:000000000000:key/k1\"}}");
        TestImages.Built image = pushRaw("app", "aes layer", "v1");
        assertEquals(202, mount("kms", BlobStore.sha256(image.layer()), "app").statusCode());
    }

    @Test
    void accountSettingRejectsUnknownNamesAndValues() {
        AwsException name = assertThrows(AwsException.class, () -> call(ecr, "PutAccountSetting",
                "{\"name\":\"BLOB_MOUNT\",\"value\":\"ENABLED\"}"));
        assertEquals("InvalidParameterException", name.code());
        AwsException value = assertThrows(AwsException.class, () -> call(ecr, "PutAccountSetting",
                "{\"name\":\"BLOB_MOUNTING\",\"value\":\"ON\"}"));
        assertTrue(value.getMessage().contains("ENABLED"), value.getMessage());
    }

    @Test
    void expiredTokenIsRefusedWithDenied() throws Exception {
        assertEquals(200, send("GET", "/v2/app/tags/list", null, null).statusCode());
        clock.advance(Duration.ofHours(12));
        HttpResponse<byte[]> r = send("GET", "/v2/app/tags/list", null, null);
        assertEquals(401, r.statusCode());
        assertEquals("DENIED", errorCode(r));
        auth = "Basic " + call(ecr, "GetAuthorizationToken", "{}").path("authorizationData").get(0)
                .path("authorizationToken").asText();
        assertEquals(200, send("GET", "/v2/app/tags/list", null, null).statusCode());
        ecr.faults().expireIssuedTokens();
        assertEquals(401, send("GET", "/v2/app/tags/list", null, null).statusCode());
    }

    @Test
    void failedOnceUploadSucceedsWhenRetried() throws Exception {
        byte[] blob = "retry me".getBytes(StandardCharsets.UTF_8);
        ecr.faults().failNextBlobUpload();
        HttpResponse<byte[]> start = send("POST", "/v2/app/blobs/uploads/", null, null);
        HttpResponse<byte[]> failed = send("PUT", start.headers().firstValue("Location").orElseThrow() + "?digest="
                + BlobStore.sha256(blob), blob, "application/octet-stream");
        assertEquals(500, failed.statusCode());
        assertEquals(1, ecr.faults().blobUploadFailuresServed());
        assertEquals(404, send("HEAD", "/v2/app/blobs/" + BlobStore.sha256(blob), null, null).statusCode());
        assertEquals(BlobStore.sha256(blob), upload("app", blob));
        assertEquals(1, ecr.faults().blobUploadFailuresServed());
    }

    @Test
    void deniedPushIsRefusedWith403NamingTheMissingPermissionWhilePullsWork() throws Exception {
        byte[] blob = "pushed before the deny".getBytes(StandardCharsets.UTF_8);
        String digest = upload("app", blob);
        ecr.faults().denyPushesTo("app");
        try {
            HttpResponse<byte[]> start = send("POST", "/v2/app/blobs/uploads/", null, null);
            assertEquals(403, start.statusCode());
            assertEquals("DENIED", errorCode(start));
            assertTrue(new String(start.body(), StandardCharsets.UTF_8).contains("ecr:InitiateLayerUpload"));
            HttpResponse<byte[]> put = send("PUT", "/v2/app/manifests/t", "{}".getBytes(StandardCharsets.UTF_8),
                    Manifest.OCI_MANIFEST);
            assertEquals(403, put.statusCode());
            assertTrue(new String(put.body(), StandardCharsets.UTF_8).contains("ecr:PutImage"));
            assertEquals(200, send("HEAD", "/v2/app/blobs/" + digest, null, null).statusCode());
        } finally {
            ecr.faults().allowPushesTo("app");
        }
        assertEquals(202, send("POST", "/v2/app/blobs/uploads/", null, null).statusCode());
    }

    @Test
    void imageIndexReferencingPushedManifestsIsAccepted() throws Exception {
        TestImages.Built amd = pushRaw("app", "amd64", "amd64");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifest.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + Manifest.DOCKER_V2 + "\",\"digest\":\"" + amd.digest() + "\",\"size\":"
                + amd.manifest().getBytes(StandardCharsets.UTF_8).length
                + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        HttpResponse<byte[]> put = send("PUT", "/v2/app/manifests/multi", index.getBytes(StandardCharsets.UTF_8),
                Manifest.OCI_INDEX);
        assertEquals(201, put.statusCode(), new String(put.body(), StandardCharsets.UTF_8));
        assertEquals(Manifest.OCI_INDEX, send("GET", "/v2/app/manifests/multi", null, null).headers()
                .firstValue("Content-Type").orElseThrow());
        // ECS resolves the index to the platform image's config
        assertEquals(java.util.List.of("/app/run"), ecr.resolve(door.authority() + "/app:multi").orElseThrow().entrypoint());
        String dangling = index.replace(amd.digest(), "sha256:" + "5".repeat(64));
        HttpResponse<byte[]> bad = send("PUT", "/v2/app/manifests/dangling", dangling.getBytes(StandardCharsets.UTF_8),
                Manifest.OCI_INDEX);
        assertEquals(400, bad.statusCode());
        assertEquals("MANIFEST_UNKNOWN", errorCode(bad));
    }
}
