package dev.uniformpipeline.localcloud.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.uniformpipeline.localcloud.LocalCloud;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Local ECR wired into local-cloud, end to end: the real AWS SDK v2 EcrClient, Debian's {@code aws} CLI
 * ({@code /usr/bin/aws}, package awscli) and jib-core, all on local-cloud's one port.
 */
class LocalCloudEcrIT {
    private static final String AWS = "/usr/bin/aws";
    @TempDir
    Path tmp;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void jibOverHttp() {
        System.setProperty("sendCredentialsOverHttp", "true");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private LocalCloud start(Path stateDir) {
        LocalCloud.Builder b = LocalCloud.builder();
        if (stateDir != null) {
            b.stateDir(stateDir);
        }
        LocalCloud cloud = b.start();
        toClose.add(cloud);
        return cloud;
    }

    private EcrClient ecr(LocalCloud cloud) {
        EcrClient c = EcrClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        toClose.add(c);
        return c;
    }

    private static String password(EcrClient ecr) {
        String token = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0).authorizationToken();
        return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).substring("AWS:".length());
    }

    private JibContainer push(String imageReference, String password, String content) throws Exception {
        return push(imageReference, password, content, ImageFormat.Docker);
    }

    private JibContainer push(String imageReference, String password, String content, ImageFormat format)
            throws Exception {
        Path file = Files.writeString(tmp.resolve("f-" + content), content);
        return Jib.fromScratch()
                .setFormat(format)
                .addFileEntriesLayer(FileEntriesLayer.builder().addEntry(file, AbsoluteUnixPath.get("/data")).build())
                .setEntrypoint(List.of("/data"))
                .setCreationTime(Instant.EPOCH)
                .containerize(Containerizer.to(RegistryImage.named(imageReference).addCredential("AWS", password))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(tmp.resolve("jib-base"))
                        .setApplicationLayersCache(tmp.resolve("jib-app")));
    }

    /** Runs the aws CLI against local-cloud; returns stdout, or throws with stderr on a non-zero exit. */
    private static CliResult aws(LocalCloud cloud, String... args) throws IOException, InterruptedException {
        return run("awscli", List.of(AWS, "--endpoint-url", cloud.endpoint().toString(), "--region", "us-east-1",
                "--output", "json"), args, 60, env -> {
                    env.put("AWS_ACCESS_KEY_ID", "AKIDLOCAL");
                    env.put("AWS_SECRET_ACCESS_KEY", "secret");
                    env.remove("AWS_SESSION_TOKEN");
                    env.remove("AWS_PROFILE");
                    env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
                    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
                    env.put("AWS_PAGER", "");
                    env.put("AWS_EC2_METADATA_DISABLED", "true");
                });
    }

    /**
     * Runs {@code command} (its executable first) followed by {@code args}, failing clearly when the executable
     * (from the Debian package {@code debianPackage}) is missing or does not finish within {@code timeoutSeconds}.
     */
    private static CliResult run(String debianPackage, List<String> command, String[] args, int timeoutSeconds,
            Consumer<Map<String, String>> environment) throws IOException, InterruptedException {
        String executable = command.get(0);
        if (!Files.isExecutable(Path.of(executable))) {
            throw new IllegalStateException(executable + " is missing: install the Debian package " + debianPackage
                    + " (apt-get install -y " + debianPackage + ")");
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment.accept(pb.environment());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(Path.of(executable).getFileName() + " " + String.join(" ", args)
                    + " did not finish");
        }
        return new CliResult(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    record CliResult(int exit, String out, String err) {
        JsonNode json() throws IOException {
            if (exit != 0) {
                throw new IllegalStateException("aws CLI failed (" + exit + "): " + err);
            }
            return TestImages.JSON.readTree(out);
        }
    }

    @Test
    void jibPushesToTheRepositoryUriAndSdkAndCliSeeTheSameDigest() throws Exception {
        LocalCloud cloud = start(null);
        EcrClient ecr = ecr(cloud);
        Repository repo = ecr.createRepository(r -> r.repositoryName("shop/orders")).repository();
        assertEquals(cloud.endpoint().getAuthority() + "/shop/orders", repo.repositoryUri());
        assertEquals("arn:aws:ecr:us-east-1:000000000000:repository/shop/orders", repo.repositoryArn());
        assertEquals(cloud.endpoint().toString(),
                ecr.getAuthorizationToken(r -> { }).authorizationData().get(0).proxyEndpoint());

        String digest = push(repo.repositoryUri() + ":1.0", password(ecr), "orders-1").getDigest().toString();

        ImageDetail d = ecr.describeImages(r -> r.repositoryName("shop/orders")).imageDetails().get(0);
        assertEquals(digest, d.imageDigest());
        String manifest = ecr.batchGetImage(r -> r.repositoryName("shop/orders")
                .imageIds(ImageIdentifier.builder().imageTag("1.0").build())).images().get(0).imageManifest();
        assertEquals(digest, BlobStore.sha256(manifest.getBytes(StandardCharsets.UTF_8)));
        JsonNode cli = aws(cloud, "ecr", "describe-images", "--repository-name", "shop/orders").json();
        assertEquals(digest, cli.path("imageDetails").get(0).path("imageDigest").asText());
        assertEquals("1.0", cli.path("imageDetails").get(0).path("imageTags").get(0).asText());
        // ECS's view
        assertEquals(digest, cloud.service(EcrService.class).resolve(repo.repositoryUri() + ":1.0").orElseThrow().digest());
    }

    @Test
    void cliLoginPasswordWorksOnTheRegistryAndCliSeesModeledErrors() throws Exception {
        LocalCloud cloud = start(null);
        JsonNode created = aws(cloud, "ecr", "create-repository", "--repository-name", "cli-repo",
                "--image-tag-mutability", "IMMUTABLE", "--image-scanning-configuration", "scanOnPush=true").json();
        assertEquals("IMMUTABLE", created.path("repository").path("imageTagMutability").asText());
        CliResult pw = aws(cloud, "ecr", "get-login-password");
        assertEquals(0, pw.exit(), pw.err());
        String password = pw.out().trim();
        HttpResponse<String> v2 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/v2/cli-repo/tags/list")).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, v2.statusCode(), v2.body());
        CliResult missing = aws(cloud, "ecr", "describe-repositories", "--repository-names", "nope");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("RepositoryNotFoundException"), missing.err());
        CliResult again = aws(cloud, "ecr", "create-repository", "--repository-name", "cli-repo");
        assertTrue(again.err().contains("RepositoryAlreadyExistsException"), again.err());
    }

    @Test
    void tokenExpiresOnTheCloudClockAndScheduledLifecycleExpiresImages() throws Exception {
        LocalCloud cloud = start(null);
        EcrClient ecr = ecr(cloud);
        ecr.createRepository(r -> r.repositoryName("aging"));
        String pw = password(ecr);
        String first = push(cloud.endpoint().getAuthority() + "/aging:latest", pw, "one").getDigest().toString();
        String second = push(cloud.endpoint().getAuthority() + "/aging:latest", pw, "two").getDigest().toString();
        assertNotEquals(first, second); // "first" is untagged now
        Path policy = Files.writeString(tmp.resolve("policy.json"), LifecyclePolicyTest.KEEP_3_V_AND_UNTAGGED_7_DAYS);
        aws(cloud, "ecr", "put-lifecycle-policy", "--repository-name", "aging",
                "--lifecycle-policy-text", "file://" + policy).json();

        cloud.clock().advance(Duration.ofHours(12));
        Exception late = assertThrows(Exception.class,
                () -> push(cloud.endpoint().getAuthority() + "/aging:late", pw, "late"));
        assertTrue(String.valueOf(late.getMessage()).toLowerCase().contains("unauthorized")
                || String.valueOf(late.getCause()).toLowerCase().contains("unauthorized"), String.valueOf(late));

        // 8 days on: the next scheduled lifecycle run (every 30 cloud minutes) expires the untagged image
        cloud.clock().advance(Duration.ofDays(8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<ImageDetail> left;
        do {
            Thread.sleep(100);
            left = ecr.describeImages(r -> r.repositoryName("aging")).imageDetails();
        } while (left.size() > 1 && System.nanoTime() < deadline);
        assertEquals(1, left.size());
        assertEquals(second, left.get(0).imageDigest());
        assertTrue(ecr.getLifecyclePolicy(r -> r.repositoryName("aging")).lastEvaluatedAt() != null);
    }

    @Test
    void imagesAndTokensSurviveARestartWithTheSameStateDir() throws Exception {
        Path state = tmp.resolve("state");
        String digest;
        String pw;
        LocalCloud first = start(state);
        EcrClient ecr1 = ecr(first);
        ecr1.createRepository(r -> r.repositoryName("kept"));
        pw = password(ecr1);
        digest = push(first.endpoint().getAuthority() + "/kept:v1", pw, "kept").getDigest().toString();
        first.close();
        assertTrue(Files.isDirectory(state.resolve("ecr-blobs").resolve("sha256")));

        LocalCloud second = start(state);
        EcrClient ecr2 = ecr(second);
        assertEquals(digest, ecr2.describeImages(r -> r.repositoryName("kept")).imageDetails().get(0).imageDigest());
        HttpResponse<byte[]> manifest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(second.endpoint() + "/v2/kept/manifests/v1")).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("AWS:" + pw).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, manifest.statusCode());
        assertEquals(digest, BlobStore.sha256(manifest.body()));
    }

    @Test
    void ociImageFromJibOnAScanOnPushRepositoryCompletesTheSdkScanWaiter() throws Exception {
        LocalCloud cloud = start(null);
        EcrClient ecr = ecr(cloud);
        ecr.createRepository(r -> r.repositoryName("scanned")
                .imageScanningConfiguration(c -> c.scanOnPush(true)));
        String digest = push(cloud.endpoint().getAuthority() + "/scanned:oci", password(ecr), "oci", ImageFormat.OCI)
                .getDigest().toString();
        ImageDetail d = ecr.describeImages(r -> r.repositoryName("scanned")).imageDetails().get(0);
        assertEquals(digest, d.imageDigest());
        assertEquals("application/vnd.oci.image.manifest.v1+json", d.imageManifestMediaType());
        assertEquals("IN_PROGRESS", d.imageScanStatus().statusAsString());
        cloud.clock().advance(Duration.ofSeconds(10));
        var waited = ecr.waiter().waitUntilImageScanComplete(r -> r.repositoryName("scanned")
                .imageId(ImageIdentifier.builder().imageTag("oci").build()));
        assertEquals("COMPLETE", waited.matched().response().orElseThrow().imageScanStatus().statusAsString());
        assertTrue(waited.matched().response().orElseThrow().imageScanFindings().findings().isEmpty());
    }

    /** Runs skopeo (Debian package skopeo), the containers/image client podman also uses. */
    private static CliResult skopeo(String... args) throws IOException, InterruptedException {
        return run("skopeo", List.of("/usr/bin/skopeo", "--insecure-policy"), args, 120, env -> { });
    }

    @Test
    void skopeoPullsAndPushesThroughTheRegistryKeepingTheDigest() throws Exception {
        LocalCloud cloud = start(null);
        EcrClient ecr = ecr(cloud);
        ecr.createRepository(r -> r.repositoryName("source"));
        ecr.createRepository(r -> r.repositoryName("copy"));
        String pw = password(ecr);
        String host = cloud.endpoint().getAuthority();
        String digest = push(host + "/source:1", pw, "skopeo").getDigest().toString();
        String creds = "AWS:" + pw;

        CliResult inspect = skopeo("inspect", "--tls-verify=false", "--creds", creds, "docker://" + host + "/source:1");
        assertEquals(digest, inspect.json().path("Digest").asText());
        Path layout = tmp.resolve("image-dir");
        CliResult pull = skopeo("copy", "--src-tls-verify=false", "--src-creds", creds, "--preserve-digests",
                "docker://" + host + "/source:1", "dir:" + layout);
        assertEquals(0, pull.exit(), pull.err());
        CliResult pushBack = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds, "--preserve-digests",
                "dir:" + layout, "docker://" + host + "/copy:1");
        assertEquals(0, pushBack.exit(), pushBack.err());
        assertEquals(digest, ecr.describeImages(r -> r.repositoryName("copy")).imageDetails().get(0).imageDigest());

        CliResult denied = skopeo("inspect", "--tls-verify=false", "--creds", "AWS:not-a-token", "docker://" + host + "/source:1");
        assertNotEquals(0, denied.exit());
    }

    /** Runs podman (Debian package podman) with its own vfs storage under the test's temp dir. */
    private CliResult podman(String... args) throws IOException, InterruptedException {
        return run("podman", List.of("/usr/bin/podman", "--storage-driver", "vfs", "--root",
                tmp.resolve("podman-root").toString(), "--runroot", tmp.resolve("podman-run").toString()), args, 120,
                env -> { });
    }

    @Test
    void podmanPullsTheResolvedPullReferenceWithTheEcrTokenAndNotWithout() throws Exception {
        LocalCloud cloud = start(null);
        EcrClient ecr = ecr(cloud);
        String uri = ecr.createRepository(r -> r.repositoryName("task-image")).repository().repositoryUri();
        String digest = push(uri + ":run", password(ecr), "podman").getDigest().toString();
        String pullReference = cloud.service(EcrService.class).resolve(uri + ":run").orElseThrow().pullReference();
        assertEquals(uri + "@" + digest, pullReference);

        CliResult anonymous = podman("pull", "--tls-verify=false", pullReference);
        assertNotEquals(0, anonymous.exit(), "the registry must not serve pulls without the ECR token");
        EcrService.RegistryCredentials creds = cloud.service(EcrService.class)
                .registryCredentials("000000000000", "us-east-1");
        CliResult pull = podman("pull", "--tls-verify=false", "--creds", creds.username() + ":" + creds.password(),
                pullReference);
        assertEquals(0, pull.exit(), pull.err());
        CliResult inspect = podman("image", "inspect", "--format", "{{.Digest}}", pullReference);
        assertEquals(digest, inspect.out().trim(), inspect.err());
    }
}
