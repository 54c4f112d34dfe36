package dev.uniformpipeline.localcloud.ecr;

import static dev.uniformpipeline.localcloud.ecr.TestImages.CTX;
import static dev.uniformpipeline.localcloud.ecr.TestImages.call;
import static dev.uniformpipeline.localcloud.ecr.TestImages.push;
import static dev.uniformpipeline.localcloud.ecr.TestImages.putImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcrServiceTest {
    /** Frozen cloud time (factor 0): it moves only when the test advances it. */
    private final TestClock clock = new TestClock(0);
    private final EcrService ecr = EcrService.builder(clock).registryAuthority(() -> "127.0.0.1:4566")
            .defaults("123456789012", "us-east-1").lifecycleInterval(null).scanDuration(Duration.ofSeconds(10))
            .build();

    @AfterEach
    void close() {
        ecr.close();
    }

    private static String code(ThrowingCall c) {
        AwsException e = assertThrows(AwsException.class, c::run);
        return e.code();
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    private static Instant ts(JsonNode n) {
        BigDecimal seconds = n.decimalValue();
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValueExact());
    }

    private void create(String name, String extra) throws AwsException {
        call(ecr, "CreateRepository", "{\"repositoryName\":\"" + name + "\"" + extra + "}");
    }

    @Test
    void createdRepositoryHasLocalUriArnAndDefaults() throws AwsException {
        JsonNode r = call(ecr, "CreateRepository", "{\"repositoryName\":\"team/orders\"}").path("repository");
        assertEquals("127.0.0.1:4566/team/orders", r.path("repositoryUri").asText());
        assertEquals("arn:aws:ecr:us-east-1:123456789012:repository/team/orders", r.path("repositoryArn").asText());
        assertEquals("123456789012", r.path("registryId").asText());
        assertEquals("MUTABLE", r.path("imageTagMutability").asText());
        assertFalse(r.path("imageScanningConfiguration").path("scanOnPush").asBoolean());
        assertEquals("AES256", r.path("encryptionConfiguration").path("encryptionType").asText());
        assertEquals(clock.now(), ts(r.path("createdAt")));
        assertEquals("RepositoryAlreadyExistsException", code(() -> create("team/orders", "")));
    }

    @Test
    void repositoryNamesFollowEcrRules() {
        for (String bad : List.of("a", "Orders", "orders/", "/orders", "or..ders", "orders-", "a b")) {
            assertEquals("InvalidParameterException", code(() -> create(bad, "")), bad);
        }
    }

    @Test
    void kmsEncryptionGetsTheDefaultKeyAndAes256RejectsAKey() throws AwsException {
        JsonNode r = call(ecr, "CreateRepository", "{\"repositoryName\":\"enc\",\"encryptionConfiguration\":"
                + "{\"encryptionType\":\"KMS\"}}").path("repository");
        assertEquals("arn:aws:kms:us-east-1:123456789012:alias/aws/ecr",
                r.path("encryptionConfiguration").path("kmsKey").asText());
        assertEquals("InvalidParameterException", code(() -> create("enc2",
                ",\"encryptionConfiguration\":{\"encryptionType\":\"AES256\",\"kmsKey\":\"k\"}")));
    }

    @Test
    void describeAndDeleteRepositoryErrors() throws AwsException {
        assertEquals("RepositoryNotFoundException",
                code(() -> call(ecr, "DescribeRepositories", "{\"repositoryNames\":[\"nope\"]}")));
        create("full", "");
        push(ecr, "full", "x", "v1");
        assertEquals("RepositoryNotEmptyException", code(() -> call(ecr, "DeleteRepository", "{\"repositoryName\":\"full\"}")));
        call(ecr, "DeleteRepository", "{\"repositoryName\":\"full\",\"force\":true}");
        assertEquals(0, call(ecr, "DescribeRepositories", "{}").path("repositories").size());
    }

    @Test
    void putImageKeepsTheExactManifestBytesAndTheirDigest() throws AwsException {
        create("app", "");
        TestImages.Built b = push(ecr, "app", "hello", "v1");
        JsonNode got = call(ecr, "BatchGetImage", "{\"repositoryName\":\"app\",\"imageIds\":[{\"imageTag\":\"v1\"}]}");
        JsonNode image = got.path("images").get(0);
        assertEquals(b.manifest(), image.path("imageManifest").asText());
        assertEquals(b.digest(), image.path("imageId").path("imageDigest").asText());
        assertEquals(Manifest.DOCKER_V2, image.path("imageManifestMediaType").asText());
        JsonNode detail = call(ecr, "DescribeImages", "{\"repositoryName\":\"app\"}").path("imageDetails").get(0);
        assertEquals(b.digest(), detail.path("imageDigest").asText());
        assertEquals("v1", detail.path("imageTags").get(0).asText());
        assertEquals(b.layer().length, detail.path("imageSizeInBytes").asLong());
        assertEquals("application/vnd.docker.container.image.v1+json", detail.path("artifactMediaType").asText());
        assertFalse(detail.has("imageScanStatus"));
    }

    @Test
    void immutableRepositoryRejectsRetaggingAndSameImageSameTagIsAlreadyExists() throws AwsException {
        create("locked", ",\"imageTagMutability\":\"IMMUTABLE\"");
        TestImages.Built first = push(ecr, "locked", "one", "1.0");
        AwsException e = assertThrows(AwsException.class, () -> push(ecr, "locked", "two", "1.0"));
        assertEquals("ImageTagAlreadyExistsException", e.code());
        assertEquals("The image tag '1.0' already exists in the 'locked' repository and cannot be overwritten"
                + " because the repository is immutable.", e.getMessage());
        assertEquals("ImageAlreadyExistsException", code(() -> putImage(ecr, "locked", first.manifest(), "1.0")));
        // the tag still points at the first image
        assertEquals(first.digest(), call(ecr, "DescribeImages",
                "{\"repositoryName\":\"locked\",\"imageIds\":[{\"imageTag\":\"1.0\"}]}")
                .path("imageDetails").get(0).path("imageDigest").asText());
    }

    @Test
    void mutableRepositoryMovesTheTagAndLeavesTheOldImageUntagged() throws AwsException {
        create("free", "");
        TestImages.Built first = push(ecr, "free", "one", "latest");
        TestImages.Built second = push(ecr, "free", "two", "latest");
        JsonNode untagged = call(ecr, "DescribeImages", "{\"repositoryName\":\"free\",\"filter\":{\"tagStatus\":\"UNTAGGED\"}}");
        assertEquals(1, untagged.path("imageDetails").size());
        assertEquals(first.digest(), untagged.path("imageDetails").get(0).path("imageDigest").asText());
        JsonNode tagged = call(ecr, "ListImages", "{\"repositoryName\":\"free\",\"filter\":{\"tagStatus\":\"TAGGED\"}}");
        assertEquals(second.digest(), tagged.path("imageIds").get(0).path("imageDigest").asText());
        assertEquals("InvalidParameterException",
                code(() -> call(ecr, "ListImages", "{\"repositoryName\":\"free\",\"filter\":{\"tagStatus\":\"tagged\"}}")));
    }

    @Test
    void putImageChecksLayersAndDigest() throws AwsException {
        create("strict", "");
        TestImages.Built b = TestImages.build("missing-layers");
        assertEquals("LayersNotFoundException", code(() -> putImage(ecr, "strict", b.manifest(), "t")));
        TestImages.uploadBlob(ecr, "strict", b.config());
        TestImages.uploadBlob(ecr, "strict", b.layer());
        assertEquals("ImageDigestDoesNotMatchException", code(() -> call(ecr, "PutImage",
                "{\"repositoryName\":\"strict\",\"imageTag\":\"t\",\"imageDigest\":\"sha256:" + "0".repeat(64)
                        + "\",\"imageManifest\":" + TestImages.JSON.writeValueAsString(b.manifest()) + "}")));
        assertEquals("ImageNotFoundException", code(() -> call(ecr, "DescribeImages",
                "{\"repositoryName\":\"strict\",\"imageIds\":[{\"imageTag\":\"t\"}]}")));
    }

    @Test
    void scanOnPushCompletesAfterTheScanDurationOnTheCloudClock() throws AwsException {
        create("scanned", ",\"imageScanningConfiguration\":{\"scanOnPush\":true}");
        push(ecr, "scanned", "s", "v1");
        String q = "{\"repositoryName\":\"scanned\",\"imageId\":{\"imageTag\":\"v1\"}}";
        assertEquals("IN_PROGRESS", call(ecr, "DescribeImageScanFindings", q).path("imageScanStatus").path("status").asText());
        clock.advance(Duration.ofSeconds(10));
        JsonNode f = call(ecr, "DescribeImageScanFindings", q);
        assertEquals("COMPLETE", f.path("imageScanStatus").path("status").asText());
        assertEquals(0, f.path("imageScanFindings").path("findings").size());
        assertEquals("COMPLETE", call(ecr, "DescribeImages", "{\"repositoryName\":\"scanned\"}")
                .path("imageDetails").get(0).path("imageScanStatus").path("status").asText());
        create("plain", "");
        push(ecr, "plain", "p", "v1");
        assertEquals("ScanNotFoundException", code(() -> call(ecr, "DescribeImageScanFindings",
                "{\"repositoryName\":\"plain\",\"imageId\":{\"imageTag\":\"v1\"}}")));
    }

    @Test
    void authorizationTokenExpiresExactlyTwelveHoursAfterIssueAndNamesTheLocalProxy() throws AwsException {
        JsonNode d = call(ecr, "GetAuthorizationToken", "{}").path("authorizationData").get(0);
        assertEquals(clock.now().plus(Duration.ofHours(12)), ts(d.path("expiresAt")));
        assertEquals("http://127.0.0.1:4566", d.path("proxyEndpoint").asText());
        String decoded = new String(Base64.getDecoder().decode(d.path("authorizationToken").asText()), StandardCharsets.UTF_8);
        assertTrue(decoded.startsWith("AWS:"), decoded);
    }

    @Test
    void batchDeleteByTagRemovesOnlyTheTagUntilTheLastOneAndByDigestRemovesTheImage() throws AwsException {
        create("del", "");
        TestImages.Built b = push(ecr, "del", "d", "a");
        putImage(ecr, "del", b.manifest(), "b");
        call(ecr, "BatchDeleteImage", "{\"repositoryName\":\"del\",\"imageIds\":[{\"imageTag\":\"a\"}]}");
        assertEquals(1, call(ecr, "DescribeImages", "{\"repositoryName\":\"del\"}").path("imageDetails").size());
        JsonNode r = call(ecr, "BatchDeleteImage", "{\"repositoryName\":\"del\",\"imageIds\":[{\"imageTag\":\"b\"},"
                + "{\"imageTag\":\"nope\"}]}");
        assertEquals("ImageNotFound", r.path("failures").get(0).path("failureCode").asText());
        assertEquals(0, call(ecr, "DescribeImages", "{\"repositoryName\":\"del\"}").path("imageDetails").size());
        TestImages.Built c = push(ecr, "del", "e", "x");
        putImage(ecr, "del", c.manifest(), "y");
        JsonNode byDigest = call(ecr, "BatchDeleteImage", "{\"repositoryName\":\"del\",\"imageIds\":[{\"imageDigest\":\""
                + c.digest() + "\"}]}");
        assertEquals(2, byDigest.path("imageIds").size());
        assertEquals(0, call(ecr, "ListImages", "{\"repositoryName\":\"del\"}").path("imageIds").size());
    }

    private Set<String> tagsAndDigests(String repo) throws AwsException {
        Set<String> out = new TreeSet<>();
        for (JsonNode d : call(ecr, "DescribeImages", "{\"repositoryName\":\"" + repo + "\"}").path("imageDetails")) {
            if (d.has("imageTags")) {
                d.path("imageTags").forEach(t -> out.add(t.asText()));
            } else {
                out.add(d.path("imageDigest").asText());
            }
        }
        return out;
    }

    @Test
    void lifecyclePolicyKeepsLastThreeVTagsAndExpiresUntaggedAfterSevenDays() throws AwsException {
        create("life", "");
        // pushes spread over 20 days of cloud time: old untagged, v1..v5, latest, fresh untagged
        TestImages.Built oldUntagged = push(ecr, "life", "u-old", null);
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofDays(3));
            push(ecr, "life", "v" + i, "v" + i);
        }
        push(ecr, "life", "latest", "latest");
        clock.advance(Duration.ofDays(4));
        TestImages.Built freshUntagged = push(ecr, "life", "u-new", null);
        clock.advance(Duration.ofDays(2));
        call(ecr, "PutLifecyclePolicy", "{\"repositoryName\":\"life\",\"lifecyclePolicyText\":"
                + TestImages.JSON.valueToTree(LifecyclePolicyTest.KEEP_3_V_AND_UNTAGGED_7_DAYS) + "}");

        call(ecr, "StartLifecyclePolicyPreview", "{\"repositoryName\":\"life\"}");
        JsonNode preview = call(ecr, "GetLifecyclePolicyPreview", "{\"repositoryName\":\"life\"}");
        assertEquals("COMPLETE", preview.path("status").asText());
        List<String> previewed = new ArrayList<>();
        preview.path("previewResults").forEach(p -> previewed.add(p.path("imageTags").isEmpty()
                ? p.path("imageDigest").asText() + "@" + p.path("appliedRulePriority").asInt()
                : p.path("imageTags").get(0).asText() + "@" + p.path("appliedRulePriority").asInt()));
        assertEquals(Set.of("v1@1", "v2@1", oldUntagged.digest() + "@2"), Set.copyOf(previewed));
        // a preview changes nothing
        assertEquals(8, tagsAndDigests("life").size());

        assertEquals(3, ecr.evaluateLifecyclePoliciesNow());
        assertEquals(new TreeSet<>(Set.of("v3", "v4", "v5", "latest", freshUntagged.digest())), tagsAndDigests("life"));
        assertEquals(clock.now(), ts(call(ecr, "GetLifecyclePolicy", "{\"repositoryName\":\"life\"}").path("lastEvaluatedAt")));
        // a week later the fresh untagged image is old enough too
        clock.advance(Duration.ofDays(6));
        assertEquals(1, ecr.evaluateLifecyclePoliciesNow());
        assertEquals(new TreeSet<>(Set.of("v3", "v4", "v5", "latest")), tagsAndDigests("life"));
        call(ecr, "DeleteLifecyclePolicy", "{\"repositoryName\":\"life\"}");
        assertEquals("LifecyclePolicyNotFoundException", code(() -> call(ecr, "GetLifecyclePolicy", "{\"repositoryName\":\"life\"}")));
    }

    @Test
    void invalidLifecyclePolicyIsRejectedAtPut() throws AwsException {
        create("life2", "");
        String bad = LifecyclePolicyTest.KEEP_3_V_AND_UNTAGGED_7_DAYS.replace("\"tagPrefixList\":[\"v\"],", "");
        assertEquals("InvalidParameterException", code(() -> call(ecr, "PutLifecyclePolicy",
                "{\"repositoryName\":\"life2\",\"lifecyclePolicyText\":" + TestImages.JSON.valueToTree(bad) + "}")));
        assertEquals("LifecyclePolicyPreviewNotFoundException",
                code(() -> call(ecr, "GetLifecyclePolicyPreview", "{\"repositoryName\":\"life2\"}")));
    }

    @Test
    void imageResolverReadsDigestAndConfigByLocalAndEcrHostReferences() throws AwsException {
        create("svc", "");
        TestImages.Built b = push(ecr, "svc", "resolved", "1.2");
        ImageResolver.ResolvedImage r = ecr.resolve("127.0.0.1:4566/svc:1.2").orElseThrow();
        assertEquals(b.digest(), r.digest());
        assertEquals("127.0.0.1:4566/svc@" + b.digest(), r.pullReference());
        assertEquals(Map.of("org.example.content", "resolved"), r.labels());
        assertEquals(List.of("APP=resolved", "PATH=/bin"), r.env());
        assertEquals(List.of("/app/run"), r.entrypoint());
        assertEquals(List.of("--port", "8080"), r.cmd());
        assertEquals(List.of(8080), r.exposedPorts());
        assertEquals(b.digest(), ecr.resolve("123456789012.dkr.ecr.us-east-1.amazonaws.com/svc@" + b.digest())
                .orElseThrow().digest());
        assertTrue(ecr.resolve("123456789012.dkr.ecr.eu-west-1.amazonaws.com/svc:1.2").isEmpty());
        assertTrue(ecr.resolve("127.0.0.1:4566/svc:9.9").isEmpty());
        assertTrue(ecr.resolve("127.0.0.1:4566/other:1.2").isEmpty());
        assertTrue(ecr.resolve("ghcr.io/svc:1.2").isEmpty(), "another registry's image is not local ECR's");
        assertEquals(b.digest(), ecr.resolve("localhost:4566/svc:1.2").orElseThrow().digest());
        assertTrue(call(ecr, "DescribeImages", "{\"repositoryName\":\"svc\"}").path("imageDetails").get(0)
                .has("lastRecordedPullTime"));
    }

    @Test
    void stateSurvivesARestartWithTheSameStateDir(@TempDir Path stateDir) throws AwsException {
        TestImages.Built b;
        JsonNode snapshot;
        try (EcrService first = EcrService.builder(clock).stateDir(stateDir).lifecycleInterval(null).build()) {
            call(first, "CreateRepository", "{\"repositoryName\":\"kept\",\"imageTagMutability\":\"IMMUTABLE\"}");
            b = push(first, "kept", "persisted", "v1");
            snapshot = TestImages.JSON.valueToTree(first.snapshot());
        }
        try (EcrService second = EcrService.builder(clock).stateDir(stateDir).lifecycleInterval(null).build()) {
            second.restore(snapshot);
            JsonNode got = call(second, "BatchGetImage", "{\"repositoryName\":\"kept\",\"imageIds\":[{\"imageTag\":\"v1\"}]}");
            assertEquals(b.manifest(), got.path("images").get(0).path("imageManifest").asText());
            assertEquals("ImageTagAlreadyExistsException", code(() -> push(second, "kept", "other", "v1")));
        }
    }

    @Test
    void listingIsPaginated() throws AwsException {
        create("many", "");
        for (int i = 0; i < 5; i++) {
            push(ecr, "many", "m" + i, "t" + i);
        }
        JsonNode page1 = call(ecr, "ListImages", "{\"repositoryName\":\"many\",\"maxResults\":2}");
        assertEquals(2, page1.path("imageIds").size());
        Set<String> all = new TreeSet<>();
        String token = page1.path("nextToken").asText();
        page1.path("imageIds").forEach(i -> all.add(i.path("imageTag").asText()));
        while (token != null && !token.isEmpty()) {
            JsonNode p = call(ecr, "ListImages", "{\"repositoryName\":\"many\",\"maxResults\":2,\"nextToken\":\"" + token + "\"}");
            p.path("imageIds").forEach(i -> all.add(i.path("imageTag").asText()));
            token = p.path("nextToken").asText(null);
        }
        assertEquals(Set.of("t0", "t1", "t2", "t3", "t4"), all);
    }
}
