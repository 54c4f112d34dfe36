package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BaseImageResolver;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PreparedImage;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.ecr.EcrService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Push retries against local-cloud's ECR fault injection: a blob upload answered with one injected HTTP 500 is
 * retried (one retry event) and the push succeeds; a 403 (push not allowed) fails at once with a clear error.
 */
class PushRetryIT {
    @TempDir
    static Path shared;
    static LocalCloud cloud;
    static EcrClient client;
    static LocalBaseImages bases;
    static final EcrRegistry.EcrHost HOST = new EcrRegistry.EcrHost("000000000000", "us-east-1",
            "000000000000.dkr.ecr.us-east-1.amazonaws.com");

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<PushRetry.Retry> retries = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.builder().withService(EcrService::create).start();
        client = EcrClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        bases = new LocalBaseImages(shared.resolve("bases"));
        new BaseImageMaker(bases, shared.resolve("maker"), BuildListener.NONE).busybox(Path.of("/bin/busybox"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private PreparedImage prepare(String content) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("index.html"), content);
        return new ImageBuilder(bases, BaseImageResolver.NONE, BuildListener.NONE)
                .prepare(BuildRequest.builder(src, tmp.resolve("work")).build());
    }

    private ImagePusher pusher() {
        // short waits: the behaviour under test is the decision to retry, not the wait itself
        return new ImagePusher(events::add, new PushRetry(new RetryPolicy(3, Duration.ofMillis(20),
                Duration.ofMillis(100), 0.5), retries::add));
    }

    private PushRequest request(String repository, EcrRegistry.Session s) {
        return new PushRequest(s.endpoint(), repository, List.of("v1"), CredentialSource.of(s.credential()),
                PushRequest.TagPolicy.IMMUTABLE);
    }

    @Test
    void pushSucceedsAfterOneInjectedServerErrorOnABlobUpload() throws Exception {
        client.createRepository(r -> r.repositoryName("retry/web"));
        EcrService ecr = cloud.service(EcrService.class);
        int before = ecr.faults().blobUploadFailuresServed();
        ecr.faults().failNextBlobUpload();
        EcrRegistry.Session s = new EcrRegistry(region -> new SdkEcrApi(client), events::add).session(HOST);

        PushedImage pushed = pusher().push(prepare("<h1>retry</h1>"), request("retry/web", s), tmp.resolve("push"));

        assertEquals(before + 1, ecr.faults().blobUploadFailuresServed(), "the fault fired");
        assertEquals(1, retries.size(), "one retry event: " + retries);
        assertEquals("HTTP 500", retries.get(0).reason());
        assertEquals(pushed.digest(), client.describeImages(r -> r.repositoryName("retry/web")
                .imageIds(i -> i.imageTag("v1"))).imageDetails().get(0).imageDigest());
    }

    @Test
    void forbiddenPushFailsAtOnceNamingTheRegistryAndRepository() throws Exception {
        client.createRepository(r -> r.repositoryName("retry/denied"));
        EcrService ecr = cloud.service(EcrService.class);
        ecr.faults().denyPushesTo("retry/denied");
        try {
            EcrRegistry.Session s = new EcrRegistry(region -> new SdkEcrApi(client), events::add).session(HOST);
            RegistryException e = assertThrows(RegistryException.class, () -> pusher().push(
                    prepare("<h1>denied</h1>"), request("retry/denied", s), tmp.resolve("push")));
            assertEquals(RegistryException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("retry/denied") && e.getMessage().contains(s.endpoint().host()),
                    e.getMessage());
            assertFalse(e.getMessage().contains(s.credential().secret()));
            assertTrue(retries.isEmpty(), "a 403 is never retried: " + retries);
        } finally {
            ecr.faults().allowPushesTo("retry/denied");
        }
    }
}
