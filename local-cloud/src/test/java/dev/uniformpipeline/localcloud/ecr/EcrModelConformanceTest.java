package dev.uniformpipeline.localcloud.ecr;

import static dev.uniformpipeline.localcloud.ecr.TestImages.CTX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks local ECR against AWS's own ECR model (botocore's service-2.json from Debian's python3-botocore):
 * every operation exists, every request the test sends and every response local ECR answers fits the
 * modeled shapes member by member, and every error code is one the model lists for that operation.
 */
class EcrModelConformanceTest {
    static final Path MODEL = Path.of("/usr/lib/python3/dist-packages/botocore/data/ecr/2015-09-21/service-2.json");
    /** Errors any JSON service may answer besides the modeled ones. */
    static final Set<String> COMMON_ERRORS = Set.of("ThrottlingException", "ValidationException", "ServerException");

    private static JsonNode model;
    private final TestClock clock = new TestClock(0);
    private final EcrService ecr = EcrService.builder(clock).registryAuthority(() -> "127.0.0.1:4566")
            .lifecycleInterval(null).scanDuration(Duration.ofSeconds(5)).build();
    private final Set<String> operationsCalled = new TreeSet<>();
    private final Set<String> errorsSeen = new TreeSet<>();

    @BeforeAll
    static void loadModel() throws IOException {
        if (!Files.isReadable(MODEL)) {
            fail(MODEL + " is missing: install the Debian package python3-botocore (apt-get install -y python3-botocore)");
        }
        model = TestImages.JSON.readTree(MODEL.toFile());
        assertEquals(EcrService.TARGET_PREFIX, model.path("metadata").path("targetPrefix").asText());
        assertEquals("json", model.path("metadata").path("protocol").asText());
        assertEquals("1.1", model.path("metadata").path("jsonVersion").asText());
        assertEquals("ecr", model.path("metadata").path("signingName").asText());
    }

    @AfterEach
    void close() {
        ecr.close();
    }

    private JsonNode call(String op, String inputJson) throws AwsException {
        JsonNode operation = model.path("operations").path(op);
        assertTrue(operation.isObject(), op + " is not an ECR operation");
        operationsCalled.add(op);
        JsonNode input;
        try {
            input = TestImages.JSON.readTree(inputJson);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        List<String> problems = new ArrayList<>();
        check(input, operation.path("input").path("shape").asText(), op + " input", problems);
        assertEquals(List.of(), problems, "the test's own request does not fit the model");
        try {
            JsonNode out = ecr.call(op, input, CTX);
            check(out, operation.path("output").path("shape").asText(), op + " output", problems);
            assertEquals(List.of(), problems);
            return out;
        } catch (AwsException e) {
            Set<String> modeled = new TreeSet<>(COMMON_ERRORS);
            operation.path("errors").forEach(err -> modeled.add(err.path("shape").asText()));
            assertTrue(modeled.contains(e.code()), op + " answered " + e.code() + ", which the model does not list: "
                    + modeled);
            assertTrue(model.path("shapes").path(e.code()).path("exception").asBoolean(), e.code());
            errorsSeen.add(op + ":" + e.code());
            throw e;
        }
    }

    private void expectError(String code, String op, String input) {
        AwsException e = assertThrows(AwsException.class, () -> call(op, input));
        assertEquals(code, e.code(), e.getMessage());
    }

    /** Collects every place where {@code node} does not fit the model shape {@code shapeName}. */
    private static void check(JsonNode node, String shapeName, String path, List<String> problems) {
        JsonNode shape = model.path("shapes").path(shapeName);
        if (shape.isMissingNode()) {
            problems.add(path + ": unknown shape " + shapeName);
            return;
        }
        switch (shape.path("type").asText()) {
            case "structure" -> {
                if (!node.isObject()) {
                    problems.add(path + ": expected an object for " + shapeName);
                    return;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode member = shape.path("members").path(f.getKey());
                    if (member.isMissingNode()) {
                        problems.add(path + "." + f.getKey() + ": not a member of " + shapeName);
                    } else {
                        check(f.getValue(), member.path("shape").asText(), path + "." + f.getKey(), problems);
                    }
                }
                shape.path("required").forEach(r -> {
                    if (!node.has(r.asText())) {
                        problems.add(path + ": required member " + r.asText() + " missing");
                    }
                });
            }
            case "list" -> {
                if (!node.isArray()) {
                    problems.add(path + ": expected an array for " + shapeName);
                    return;
                }
                int i = 0;
                for (JsonNode item : node) {
                    check(item, shape.path("member").path("shape").asText(), path + "[" + i++ + "]", problems);
                }
            }
            case "map" -> {
                if (!node.isObject()) {
                    problems.add(path + ": expected an object (map) for " + shapeName);
                    return;
                }
                node.properties().forEach(f ->
                        check(f.getValue(), shape.path("value").path("shape").asText(), path + "." + f.getKey(), problems));
            }
            case "string" -> {
                if (!node.isTextual()) {
                    problems.add(path + ": expected a string");
                } else if (shape.has("enum")) {
                    Set<String> values = new TreeSet<>();
                    shape.path("enum").forEach(v -> values.add(v.asText()));
                    if (!values.contains(node.asText())) {
                        problems.add(path + ": '" + node.asText() + "' is not one of " + values);
                    }
                }
            }
            case "timestamp" -> {
                if (!node.isNumber()) {
                    problems.add(path + ": a timestamp must be epoch seconds as a JSON number");
                }
            }
            case "integer", "long" -> {
                if (!node.isIntegralNumber()) {
                    problems.add(path + ": expected an integer");
                }
            }
            case "boolean" -> {
                if (!node.isBoolean()) {
                    problems.add(path + ": expected a boolean");
                }
            }
            case "blob" -> {
                if (!node.isTextual()) {
                    problems.add(path + ": a blob is base64 text");
                }
            }
            default -> problems.add(path + ": unhandled shape type " + shape.path("type").asText());
        }
    }

    private void upload(String repo, byte[] blob) throws AwsException {
        String id = call("InitiateLayerUpload", "{\"repositoryName\":\"" + repo + "\"}").path("uploadId").asText();
        call("UploadLayerPart", "{\"repositoryName\":\"" + repo + "\",\"uploadId\":\"" + id + "\",\"partFirstByte\":0,"
                + "\"partLastByte\":" + (blob.length - 1) + ",\"layerPartBlob\":\""
                + Base64.getEncoder().encodeToString(blob) + "\"}");
        call("CompleteLayerUpload", "{\"repositoryName\":\"" + repo + "\",\"uploadId\":\"" + id
                + "\",\"layerDigests\":[\"" + BlobStore.sha256(blob) + "\"]}");
    }

    private static String quoted(String s) {
        ObjectNode n = TestImages.JSON.createObjectNode();
        n.put("s", s);
        return n.get("s").toString();
    }

    @Test
    void everyOperationAnswersInTheModelsShapesWithModeledErrors() throws AwsException {
        call("CreateRepository", "{\"repositoryName\":\"conf/app\",\"imageTagMutability\":\"IMMUTABLE\","
                + "\"imageScanningConfiguration\":{\"scanOnPush\":true},\"encryptionConfiguration\":{\"encryptionType\":\"KMS\"}}");
        expectError("RepositoryAlreadyExistsException", "CreateRepository", "{\"repositoryName\":\"conf/app\"}");
        expectError("InvalidParameterException", "CreateRepository", "{\"repositoryName\":\"Bad_Name\"}");
        call("DescribeRepositories", "{}");
        expectError("RepositoryNotFoundException", "DescribeRepositories", "{\"repositoryNames\":[\"nope\"]}");
        call("PutImageScanningConfiguration", "{\"repositoryName\":\"conf/app\",\"imageScanningConfiguration\":{\"scanOnPush\":true}}");
        call("GetAuthorizationToken", "{}");

        TestImages.Built b = TestImages.build("conformance");
        call("BatchCheckLayerAvailability", "{\"repositoryName\":\"conf/app\",\"layerDigests\":[\"" + BlobStore.sha256(b.layer()) + "\"]}");
        upload("conf/app", b.config());
        upload("conf/app", b.layer());
        expectError("LayerAlreadyExistsException", "CompleteLayerUpload", "{\"repositoryName\":\"conf/app\",\"uploadId\":\""
                + call("InitiateLayerUpload", "{\"repositoryName\":\"conf/app\"}").path("uploadId").asText()
                + "\",\"layerDigests\":[\"" + BlobStore.sha256(b.layer()) + "\"]}");
        expectError("UploadNotFoundException", "UploadLayerPart", "{\"repositoryName\":\"conf/app\",\"uploadId\":\""
                + "00000000-0000-0000-0000-000000000000\",\"partFirstByte\":0,\"partLastByte\":0,\"layerPartBlob\":\"AA==\"}");
        call("PutImage", "{\"repositoryName\":\"conf/app\",\"imageTag\":\"1.0\",\"imageManifest\":" + quoted(b.manifest()) + "}");
        expectError("ImageAlreadyExistsException", "PutImage", "{\"repositoryName\":\"conf/app\",\"imageTag\":\"1.0\","
                + "\"imageManifest\":" + quoted(b.manifest()) + "}");
        TestImages.Built other = TestImages.build("other");
        upload("conf/app", other.config());
        upload("conf/app", other.layer());
        expectError("ImageTagAlreadyExistsException", "PutImage", "{\"repositoryName\":\"conf/app\",\"imageTag\":\"1.0\","
                + "\"imageManifest\":" + quoted(other.manifest()) + "}");
        expectError("ImageDigestDoesNotMatchException", "PutImage", "{\"repositoryName\":\"conf/app\",\"imageTag\":\"2.0\","
                + "\"imageDigest\":\"sha256:" + "0".repeat(64) + "\",\"imageManifest\":" + quoted(other.manifest()) + "}");
        expectError("LayersNotFoundException", "PutImage", "{\"repositoryName\":\"conf/app\",\"imageTag\":\"3.0\","
                + "\"imageManifest\":" + quoted(TestImages.build("absent").manifest()) + "}");
        call("PutImage", "{\"repositoryName\":\"conf/app\",\"imageManifest\":" + quoted(other.manifest()) + "}");

        call("DescribeImages", "{\"repositoryName\":\"conf/app\"}");
        clock.advance(Duration.ofSeconds(5));
        JsonNode described = call("DescribeImages", "{\"repositoryName\":\"conf/app\",\"filter\":{\"tagStatus\":\"TAGGED\"}}");
        assertEquals("COMPLETE", described.path("imageDetails").get(0).path("imageScanStatus").path("status").asText());
        expectError("ImageNotFoundException", "DescribeImages", "{\"repositoryName\":\"conf/app\",\"imageIds\":[{\"imageTag\":\"9\"}]}");
        call("ListImages", "{\"repositoryName\":\"conf/app\",\"maxResults\":1}");
        call("BatchGetImage", "{\"repositoryName\":\"conf/app\",\"imageIds\":[{\"imageTag\":\"1.0\"},{\"imageTag\":\"nope\"}]}");
        call("StartImageScan", "{\"repositoryName\":\"conf/app\",\"imageId\":{\"imageTag\":\"1.0\"}}");
        call("DescribeImageScanFindings", "{\"repositoryName\":\"conf/app\",\"imageId\":{\"imageTag\":\"1.0\"}}");
        clock.advance(Duration.ofSeconds(5));
        call("DescribeImageScanFindings", "{\"repositoryName\":\"conf/app\",\"imageId\":{\"imageTag\":\"1.0\"}}");

        String policy = quoted(LifecyclePolicyTest.KEEP_3_V_AND_UNTAGGED_7_DAYS);
        expectError("LifecyclePolicyNotFoundException", "GetLifecyclePolicy", "{\"repositoryName\":\"conf/app\"}");
        expectError("LifecyclePolicyPreviewNotFoundException", "GetLifecyclePolicyPreview", "{\"repositoryName\":\"conf/app\"}");
        call("PutLifecyclePolicy", "{\"repositoryName\":\"conf/app\",\"lifecyclePolicyText\":" + policy + "}");
        expectError("InvalidParameterException", "PutLifecyclePolicy", "{\"repositoryName\":\"conf/app\","
                + "\"lifecyclePolicyText\":" + quoted(LifecyclePolicyTest.KEEP_3_V_AND_UNTAGGED_7_DAYS
                .replace("\"countUnit\":\"days\",", "")) + "}");
        call("GetLifecyclePolicy", "{\"repositoryName\":\"conf/app\"}");
        call("StartLifecyclePolicyPreview", "{\"repositoryName\":\"conf/app\"}");
        clock.advance(Duration.ofDays(8));
        JsonNode preview = call("GetLifecyclePolicyPreview", "{\"repositoryName\":\"conf/app\"}");
        assertEquals(1, preview.path("previewResults").size(), preview.toString());
        call("DeleteLifecyclePolicy", "{\"repositoryName\":\"conf/app\"}");

        call("BatchDeleteImage", "{\"repositoryName\":\"conf/app\",\"imageIds\":[{\"imageTag\":\"1.0\"},{\"imageDigest\":\"bad\"}]}");
        call("PutImageTagMutability", "{\"repositoryName\":\"conf/app\",\"imageTagMutability\":\"MUTABLE\"}");
        expectError("RepositoryNotEmptyException", "DeleteRepository", "{\"repositoryName\":\"conf/app\"}");
        call("DeleteRepository", "{\"repositoryName\":\"conf/app\",\"force\":true}");
        expectError("RepositoryNotFoundException", "DeleteRepository", "{\"repositoryName\":\"conf/app\"}");

        // every operation local ECR implements was exercised against the model above
        assertEquals(22, operationsCalled.size(), operationsCalled.toString());
        assertTrue(errorsSeen.size() >= 15, errorsSeen.toString());
    }

    @Test
    void theShapeCheckRejectsUnknownMembersWrongEnumsAndStringTimestamps() throws IOException {
        List<String> problems = new ArrayList<>();
        check(TestImages.JSON.readTree("{\"repository\":{\"repositoryName\":\"a\",\"createdAt\":\"2026-01-01\","
                + "\"imageTagMutability\":\"SOMETIMES\",\"bogus\":1}}"), "CreateRepositoryResponse", "out", problems);
        assertEquals(3, problems.size(), problems.toString());
    }
}
