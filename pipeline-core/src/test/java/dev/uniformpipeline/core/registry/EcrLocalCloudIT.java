package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BaseImageResolver;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PreparedImage;
import dev.uniformpipeline.localcloud.LocalCloud;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * ECR logic against local-cloud's ECR (API and registry on one port): repository settings and lifecycle policy
 * through the real SDK EcrClient, a fresh token per push, push to the proxyEndpoint, idempotent rerun, and the
 * immutable-tag rule (same digest succeeds, another digest is refused and the tag keeps its image).
 */
class EcrLocalCloudIT {
    @TempDir
    static Path shared;
    static LocalCloud cloud;
    static EcrClient client;
    static LocalBaseImages bases;

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        // ECR is not in local-cloud's default catalog on main yet: add it explicitly
        cloud = LocalCloud.builder().withService(dev.uniformpipeline.localcloud.ecr.EcrService::create).start();
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
        Path src = Files.createDirectories(tmp.resolve("src-" + Math.abs(content.hashCode())));
        Files.writeString(src.resolve("index.html"), content);
        return new ImageBuilder(bases, BaseImageResolver.NONE, BuildListener.NONE)
                .prepare(BuildRequest.builder(src, tmp.resolve("w-" + Math.abs(content.hashCode()))).build());
    }

    private int tokenCalls() {
        return (int) events.stream().filter(e -> e.startsWith("fetched a fresh ECR token")).count();
    }

    @Test
    void ensureRepositoryPushWithFreshTokensAndImmutableTags() throws Exception {
        EcrRegistry ecr = new EcrRegistry(region -> new SdkEcrApi(client), events::add);
        EcrRegistry.EcrHost host = new EcrRegistry.EcrHost("000000000000", "us-east-1",
                "000000000000.dkr.ecr.us-east-1.amazonaws.com");
        LifecyclePolicy policy = LifecyclePolicy.builder().protect("release-").keepLast(30).untaggedOlderThanDays(7)
                .build();
        PushRequest.TagPolicy tagPolicy = ecr.ensureRepository(host,
                new EcrRepositorySettings("shop/web", true, true, "AES256", "", policy));
        assertEquals(PushRequest.TagPolicy.IMMUTABLE, tagPolicy);
        var repo = client.describeRepositories(r -> r.repositoryNames("shop/web")).repositories().get(0);
        assertEquals("IMMUTABLE", repo.imageTagMutabilityAsString());
        assertTrue(repo.imageScanningConfiguration().scanOnPush());
        var om = new ObjectMapper();
        assertEquals(om.readTree(policy.toJson()), om.readTree(client.getLifecyclePolicy(r -> r.repositoryName("shop/web"))
                .lifecyclePolicyText()));
        ecr.ensureRepository(host, new EcrRepositorySettings("shop/web", true, true, "AES256", "", policy));
        assertFalse(events.stream().filter(e -> e.contains("lifecycle policy updated")).count() > 1,
                "an unchanged policy is not rewritten: " + events);

        EcrRegistry.Session s1 = ecr.session(host);
        assertEquals(cloud.endpoint().getAuthority(), s1.endpoint().host());
        PushedImage first = new ImagePusher(events::add).push(prepare("<h1>v1</h1>"), new PushRequest(s1.endpoint(),
                "shop/web", List.of("release-1"), CredentialSource.of(s1.credential()), tagPolicy), tmp.resolve("p1"));
        assertEquals(first.digest(), client.describeImages(r -> r.repositoryName("shop/web")
                .imageIds(i -> i.imageTag("release-1"))).imageDetails().get(0).imageDigest());

        EcrRegistry.Session s2 = ecr.session(host);
        PushedImage rerun = new ImagePusher(events::add).push(prepare("<h1>v1</h1>"), new PushRequest(s2.endpoint(),
                "shop/web", List.of("release-1"), CredentialSource.of(s2.credential()), tagPolicy), tmp.resolve("p2"));
        assertTrue(rerun.alreadyThere());
        assertEquals(first.digest(), rerun.digest());

        EcrRegistry.Session s3 = ecr.session(host);
        RegistryException e = assertThrows(RegistryException.class, () -> new ImagePusher(events::add).push(
                prepare("<h1>v2</h1>"), new PushRequest(s3.endpoint(), "shop/web", List.of("release-1"),
                        CredentialSource.of(s3.credential()), tagPolicy), tmp.resolve("p3")));
        assertEquals(RegistryException.Reason.TAG_IMMUTABLE, e.reason());
        assertFalse(e.getMessage().contains(s3.credential().secret()));
        assertEquals(3, tokenCalls(), "one fresh token per push");
        assertEquals(first.digest(), client.describeImages(r -> r.repositoryName("shop/web")
                .imageIds(i -> i.imageTag("release-1"))).imageDetails().get(0).imageDigest());
    }
}
