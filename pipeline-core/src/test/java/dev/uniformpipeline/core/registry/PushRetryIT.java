package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.core.build.PreparedImage;
import dev.uniformpipeline.localcloud.ecr.EcrService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push retries against local-cloud's ECR fault injection: a blob upload answered with one injected HTTP 500 is
 * retried (one retry event) and the push succeeds; a 403 (push not allowed) fails at once with a clear error.
 */
class PushRetryIT {
    @TempDir
    static Path shared;
    static LocalEcr ecr;
    static StaticSites sites;

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<PushRetry.Retry> retries = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        ecr = LocalEcr.start();
        sites = StaticSites.onBusybox(shared);
    }

    @AfterAll
    static void stop() {
        if (ecr != null) {
            ecr.close();
        }
    }

    private PreparedImage prepare(String content) throws Exception {
        return sites.prepare(tmp, content);
    }

    private ImagePusher pusher() {
        // short waits: the behaviour under test is the decision to retry, not the wait itself
        return new ImagePusher(events::add, new PushRetry(new RetryPolicy(3, Duration.ofMillis(20),
                Duration.ofMillis(100), 0.5), retries::add));
    }

    private PushRequest request(String repository, EcrRegistry.Session s) {
        return new PushRequest(s.endpoint(), repository, List.of("v1"), CredentialSource.of(s.credential()),
                PushRequest.TagPolicy.IMMUTABLE, List.of());
    }

    @Test
    void pushSucceedsAfterOneInjectedServerErrorOnABlobUpload() throws Exception {
        ecr.client.createRepository(r -> r.repositoryName("retry/web"));
        EcrService service = ecr.service();
        int before = service.faults().blobUploadFailuresServed();
        service.faults().failNextBlobUpload();
        EcrRegistry.Session s = ecr.session(events::add);

        PushedImage pushed = pusher().push(prepare("<h1>retry</h1>"), request("retry/web", s), tmp.resolve("push"));

        assertEquals(before + 1, service.faults().blobUploadFailuresServed(), "the fault fired");
        assertEquals(1, retries.size(), "one retry event: " + retries);
        assertEquals("HTTP 500", retries.get(0).reason());
        assertEquals(pushed.digest(), ecr.client.describeImages(r -> r.repositoryName("retry/web")
                .imageIds(i -> i.imageTag("v1"))).imageDetails().get(0).imageDigest());
    }

    @Test
    void forbiddenPushFailsAtOnceNamingTheRegistryAndRepository() throws Exception {
        ecr.client.createRepository(r -> r.repositoryName("retry/denied"));
        EcrService service = ecr.service();
        service.faults().denyPushesTo("retry/denied");
        try {
            EcrRegistry.Session s = ecr.session(events::add);
            RegistryException e = assertThrows(RegistryException.class, () -> pusher().push(
                    prepare("<h1>denied</h1>"), request("retry/denied", s), tmp.resolve("push")));
            assertEquals(RegistryException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("retry/denied") && e.getMessage().contains(s.endpoint().host()),
                    e.getMessage());
            assertFalse(e.getMessage().contains(s.credential().secret()));
            assertTrue(retries.isEmpty(), "a 403 is never retried: " + retries);
        } finally {
            service.faults().allowPushesTo("retry/denied");
        }
    }
}
