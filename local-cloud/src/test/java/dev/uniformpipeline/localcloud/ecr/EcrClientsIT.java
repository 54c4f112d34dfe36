package dev.uniformpipeline.localcloud.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Real clients against local ECR: jib-core pushes, the AWS SDK v2 EcrClient reads and writes. */
class EcrClientsIT {
    private final TestClock clock = new TestClock(1);
    private MiniFrontDoor door;
    private EcrService ecr;
    private EcrClient client;
    @TempDir
    Path tmp;

    @BeforeAll
    static void jibOverHttp() {
        // jib-core 0.27.3 reads "sendCredentialsOverHttp" (JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP), no "jib." prefix
        System.setProperty("sendCredentialsOverHttp", "true");
    }

    @BeforeEach
    void start() throws Exception {
        door = new MiniFrontDoor();
        ecr = EcrService.builder(clock).registryAuthority(door::authority).lifecycleInterval(null).build();
        door.mount(ecr, ecr);
        client = EcrClient.builder().endpointOverride(URI.create(door.endpoint())).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        door.close();
        ecr.close();
    }

    private String password() {
        AuthorizationData d = client.getAuthorizationToken(r -> { }).authorizationData().get(0);
        String decoded = new String(Base64.getDecoder().decode(d.authorizationToken()), StandardCharsets.UTF_8);
        assertTrue(decoded.startsWith("AWS:"));
        return decoded.substring(4);
    }

    private JibContainerBuilder image(String content) throws Exception {
        Path file = Files.writeString(tmp.resolve("content-" + content + ".txt"), content);
        return Jib.fromScratch()
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(file, AbsoluteUnixPath.get("/app/content.txt")).build())
                .setEntrypoint(List.of("/app/run"))
                .setEnvironment(Map.of("CONTENT", content))
                .addLabel("org.example.content", content)
                .addExposedPort(Port.tcp(8080))
                .setCreationTime(Instant.EPOCH);
    }

    private JibContainer push(JibContainerBuilder image, String reference, String password) throws Exception {
        return image.containerize(Containerizer
                .to(RegistryImage.named(door.authority() + "/" + reference).addCredential("AWS", password))
                .setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(tmp.resolve("base-cache"))
                .setApplicationLayersCache(tmp.resolve("app-cache")));
    }

    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    @Test
    void jibPushShowsUpInDescribeImagesAndBatchGetImageWithTheDigestJibReported() throws Exception {
        String uri = client.createRepository(r -> r.repositoryName("orders")).repository().repositoryUri();
        assertEquals(door.authority() + "/orders", uri);
        AuthorizationData auth = client.getAuthorizationToken(r -> { }).authorizationData().get(0);
        assertEquals(door.endpoint(), auth.proxyEndpoint());
        Duration left = Duration.between(clock.now(), auth.expiresAt());
        assertTrue(left.compareTo(Duration.ofHours(12)) <= 0 && left.compareTo(Duration.ofHours(11)) > 0, left.toString());

        JibContainer pushed = push(image("hello"), "orders:1.0", password());
        String digest = pushed.getDigest().toString();

        ImageDetail detail = client.describeImages(r -> r.repositoryName("orders")).imageDetails().get(0);
        assertEquals(digest, detail.imageDigest());
        assertEquals(List.of("1.0"), detail.imageTags());
        assertTrue(detail.imageSizeInBytes() > 0);
        assertTrue(detail.imagePushedAt() != null);
        String manifest = client.batchGetImage(r -> r.repositoryName("orders")
                .imageIds(ImageIdentifier.builder().imageTag("1.0").build())).images().get(0).imageManifest();
        assertEquals(digest, BlobStore.sha256(manifest.getBytes(StandardCharsets.UTF_8)));

        ImageResolver.ResolvedImage resolved = ecr.resolve(uri + ":1.0").orElseThrow();
        assertEquals(digest, resolved.digest());
        assertEquals(List.of("/app/run"), resolved.entrypoint());
        assertTrue(resolved.env().contains("CONTENT=hello"), resolved.env().toString());
        assertEquals("hello", resolved.labels().get("org.example.content"));
        assertEquals(List.of(8080), resolved.exposedPorts());
    }

    @Test
    void immutableTagConflictFailsJibWithTagInvalidAndPutImageWithImageTagAlreadyExists() throws Exception {
        client.createRepository(r -> r.repositoryName("locked").imageTagMutability(ImageTagMutability.IMMUTABLE));
        String pw = password();
        String first = push(image("one"), "locked:1.0", pw).getDigest().toString();
        Exception e = assertThrows(Exception.class, () -> push(image("two"), "locked:1.0", pw));
        assertTrue(causes(e).contains("cannot be overwritten because the repository is immutable"), causes(e));
        // same image, same tag again is fine for the registry
        assertEquals(first, push(image("one"), "locked:1.0", pw).getDigest().toString());

        String second = push(image("two"), "locked:2.0", pw).getDigest().toString();
        assertNotEquals(first, second);
        String secondManifest = client.batchGetImage(r -> r.repositoryName("locked")
                .imageIds(ImageIdentifier.builder().imageDigest(second).build())).images().get(0).imageManifest();
        ImageTagAlreadyExistsException conflict = assertThrows(ImageTagAlreadyExistsException.class,
                () -> client.putImage(r -> r.repositoryName("locked").imageManifest(secondManifest).imageTag("1.0")));
        assertEquals("ImageTagAlreadyExistsException", conflict.awsErrorDetails().errorCode());
    }

    @Test
    void jibCrossRepositoryMountsTheBaseImageLayersFromTheSameRegistry() throws Exception {
        client.createRepository(r -> r.repositoryName("base"));
        client.createRepository(r -> r.repositoryName("app"));
        client.putAccountSetting(r -> r.name("BLOB_MOUNTING").value("ENABLED")); // ECR mounts only when enabled
        String pw = password();
        push(image("base-layer"), "base:1", pw);
        int mountsBefore = ((RegistryHandler) ecr.handler()).mountsServed();
        Path file = Files.writeString(tmp.resolve("app.txt"), "app");
        JibContainer app = Jib.from(RegistryImage.named(door.authority() + "/base:1").addCredential("AWS", pw))
                .addFileEntriesLayer(FileEntriesLayer.builder().addEntry(file, AbsoluteUnixPath.get("/app/app.txt")).build())
                .containerize(Containerizer.to(RegistryImage.named(door.authority() + "/app:1").addCredential("AWS", pw))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(tmp.resolve("base-cache2"))
                        .setApplicationLayersCache(tmp.resolve("app-cache2")));
        assertTrue(((RegistryHandler) ecr.handler()).mountsServed() > mountsBefore, "Jib did not mount the base layer");
        assertEquals(app.getDigest().toString(),
                client.describeImages(r -> r.repositoryName("app")).imageDetails().get(0).imageDigest());
    }

    /**
     * jib-core 0.27.3 does not retry a 5xx on a blob upload: the first containerize fails with the 500 and the
     * caller's retry (the pipeline's push stage) succeeds, with nothing left half-pushed.
     */
    @Test
    void aBlobUploadFailingOnceIsRecoveredByRetryingThePush() throws Exception {
        client.createRepository(r -> r.repositoryName("flaky"));
        String pw = password();
        ecr.faults().failNextBlobUpload();
        JibContainer pushed = null;
        Exception firstFailure = null;
        for (int attempt = 0; attempt < 2 && pushed == null; attempt++) {
            try {
                pushed = push(image("flaky"), "flaky:1", pw);
            } catch (Exception e) {
                firstFailure = e;
            }
        }
        assertEquals(1, ecr.faults().blobUploadFailuresServed());
        if (firstFailure != null) {
            assertTrue(causes(firstFailure).contains("500"), causes(firstFailure));
        }
        assertTrue(pushed != null, "push did not recover: " + (firstFailure == null ? "" : causes(firstFailure)));
        assertEquals(pushed.getDigest().toString(),
                client.describeImages(r -> r.repositoryName("flaky")).imageDetails().get(0).imageDigest());
    }

    @Test
    void jibPushWithAnExpiredTokenIsRejected() throws Exception {
        client.createRepository(r -> r.repositoryName("late"));
        String pw = password();
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        Exception e = assertThrows(Exception.class, () -> push(image("late"), "late:1", pw));
        assertTrue(causes(e).toLowerCase().contains("unauthorized") || causes(e).contains("401")
                || causes(e).contains("DENIED"), causes(e));
        assertTrue(client.describeImages(r -> r.repositoryName("late")).imageDetails().isEmpty());
        // a fresh token works again
        push(image("late"), "late:1", password());
        assertEquals(1, client.describeImages(r -> r.repositoryName("late")).imageDetails().size());
    }

    @Test
    void sdkSeesModeledErrorsAndLifecycleOperations() {
        assertThrows(RepositoryNotFoundException.class,
                () -> client.describeRepositories(r -> r.repositoryNames("missing")));
        client.createRepository(r -> r.repositoryName("life"));
        client.putLifecyclePolicy(r -> r.repositoryName("life").lifecyclePolicyText(LifecyclePolicyTest.KEEP_3_V_AND_UNTAGGED_7_DAYS));
        assertEquals(LifecyclePolicyTest.KEEP_3_V_AND_UNTAGGED_7_DAYS,
                client.getLifecyclePolicy(r -> r.repositoryName("life")).lifecyclePolicyText());
        client.startLifecyclePolicyPreview(r -> r.repositoryName("life"));
        assertEquals("COMPLETE", client.getLifecyclePolicyPreview(r -> r.repositoryName("life")).statusAsString());
        assertEquals(ImageTagMutability.IMMUTABLE, client.putImageTagMutability(r -> r.repositoryName("life")
                .imageTagMutability(ImageTagMutability.IMMUTABLE)).imageTagMutability());
        SdkBytes part = SdkBytes.fromUtf8String("layer");
        String uploadId = client.initiateLayerUpload(r -> r.repositoryName("life")).uploadId();
        client.uploadLayerPart(r -> r.repositoryName("life").uploadId(uploadId).partFirstByte(0L).partLastByte(4L)
                .layerPartBlob(part));
        String digest = client.completeLayerUpload(r -> r.repositoryName("life").uploadId(uploadId)
                .layerDigests(BlobStore.sha256("layer".getBytes(StandardCharsets.UTF_8)))).layerDigest();
        assertEquals("AVAILABLE", client.batchCheckLayerAvailability(r -> r.repositoryName("life").layerDigests(digest))
                .layers().get(0).layerAvailabilityAsString());
    }
}
