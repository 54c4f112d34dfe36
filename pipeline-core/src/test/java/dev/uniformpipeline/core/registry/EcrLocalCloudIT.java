package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.build.PreparedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECR logic against local-cloud's ECR (API and registry on one port): repository settings and lifecycle policy
 * through the real SDK EcrClient, a fresh token per push, push to the proxyEndpoint, idempotent rerun, and the
 * immutable-tag rule (same digest succeeds, another digest is refused and the tag keeps its image).
 */
class EcrLocalCloudIT {
    @TempDir
    static Path shared;
    static LocalEcr local;
    static StaticSites sites;

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        local = LocalEcr.start();
        sites = StaticSites.onBusybox(shared);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private PreparedImage prepare(String content) throws Exception {
        return sites.prepare(tmp, content);
    }

    private int tokenCalls() {
        return (int) events.stream().filter(e -> e.startsWith("fetched a fresh ECR token")).count();
    }

    @Test
    void ensureRepositoryPushWithFreshTokensAndImmutableTags() throws Exception {
        EcrRegistry ecr = local.registry(events::add);
        EcrRegistry.EcrHost host = LocalEcr.HOST;
        LifecyclePolicy policy = LifecyclePolicy.builder().protect("release-").keepLast(30).untaggedOlderThanDays(7)
                .build();
        PushRequest.TagPolicy tagPolicy = ecr.ensureRepository(host,
                new EcrRepositorySettings("shop/web", true, true, "AES256", "", policy));
        assertEquals(PushRequest.TagPolicy.IMMUTABLE, tagPolicy);
        var repo = local.client.describeRepositories(r -> r.repositoryNames("shop/web")).repositories().get(0);
        assertEquals("IMMUTABLE", repo.imageTagMutabilityAsString());
        assertTrue(repo.imageScanningConfiguration().scanOnPush());
        var om = new ObjectMapper();
        assertEquals(om.readTree(policy.toJson()), om.readTree(local.client.getLifecyclePolicy(r -> r.repositoryName("shop/web"))
                .lifecyclePolicyText()));
        ecr.ensureRepository(host, new EcrRepositorySettings("shop/web", true, true, "AES256", "", policy));
        assertFalse(events.stream().filter(e -> e.contains("lifecycle policy updated")).count() > 1,
                "an unchanged policy is not rewritten: " + events);

        EcrRegistry.Session s1 = ecr.session(host);
        assertEquals(local.cloud.endpoint().getAuthority(), s1.endpoint().host());
        PushedImage first = new ImagePusher(events::add).push(prepare("<h1>v1</h1>"), new PushRequest(s1.endpoint(),
                "shop/web", List.of("release-1"), CredentialSource.of(s1.credential()), tagPolicy, List.of()),
                tmp.resolve("p1"));
        assertEquals(first.digest(), local.client.describeImages(r -> r.repositoryName("shop/web")
                .imageIds(i -> i.imageTag("release-1"))).imageDetails().get(0).imageDigest());

        EcrRegistry.Session s2 = ecr.session(host);
        PushedImage rerun = new ImagePusher(events::add).push(prepare("<h1>v1</h1>"), new PushRequest(s2.endpoint(),
                "shop/web", List.of("release-1"), CredentialSource.of(s2.credential()), tagPolicy, List.of()),
                tmp.resolve("p2"));
        assertTrue(rerun.alreadyThere());
        assertEquals(first.digest(), rerun.digest());

        EcrRegistry.Session s3 = ecr.session(host);
        RegistryException e = assertThrows(RegistryException.class, () -> new ImagePusher(events::add).push(
                prepare("<h1>v2</h1>"), new PushRequest(s3.endpoint(), "shop/web", List.of("release-1"),
                        CredentialSource.of(s3.credential()), tagPolicy, List.of()), tmp.resolve("p3")));
        assertEquals(RegistryException.Reason.TAG_IMMUTABLE, e.reason());
        assertFalse(e.getMessage().contains(s3.credential().secret()));
        assertEquals(3, tokenCalls(), "one fresh token per push");
        assertEquals(first.digest(), local.client.describeImages(r -> r.repositoryName("shop/web")
                .imageIds(i -> i.imageTag("release-1"))).imageDetails().get(0).imageDigest());
    }
}
