package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BaseImageResolver;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.ImageIndex;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PreparedImage;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.ecr.EcrService;
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
 * Cross-repository blob mounts against local-cloud's ECR, which mounts as ECR does (only with the registry's
 * BLOB_MOUNTING setting ENABLED, same encryption, blobs a manifest references). Bytes are counted on the registry
 * side: pushing the same image to a second repository with {@code mountFrom} uploads no blob byte; without the
 * setting (ECR's default) or without {@code mountFrom} every blob is uploaded again.
 */
class BlobMountIT {
    @TempDir
    static Path shared;
    static LocalCloud cloud;
    static EcrClient client;
    static EcrService ecr;
    static PreparedImage image;
    static List<ImageIndex.Blob> blobs;
    static final EcrRegistry.EcrHost HOST = new EcrRegistry.EcrHost("000000000000", "us-east-1",
            "000000000000.dkr.ecr.us-east-1.amazonaws.com");

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.builder().withService(EcrService::create).start();
        ecr = cloud.service(EcrService.class);
        client = EcrClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        LocalBaseImages bases = new LocalBaseImages(shared.resolve("bases"));
        new BaseImageMaker(bases, shared.resolve("maker"), BuildListener.NONE).busybox(Path.of("/bin/busybox"));
        Path src = Files.createDirectories(shared.resolve("src"));
        Files.writeString(src.resolve("index.html"), "<h1>mount me</h1>");
        image = new ImageBuilder(bases, BaseImageResolver.NONE, BuildListener.NONE)
                .prepare(BuildRequest.builder(src, shared.resolve("work")).build());
        blobs = ImageIndex.blobsOf(image.toTar(shared.resolve("image.tar"), "x/y:z").tar());
        for (String repo : List.of("team/a", "team/b", "team/c", "team/d")) {
            client.createRepository(r -> r.repositoryName(repo));
        }
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

    /** Pushes the image to {@code repository}; returns the blob bytes the registry received meanwhile. */
    long push(String repository, List<String> mountFrom, String dir) throws Exception {
        EcrRegistry.Session s = new EcrRegistry(region -> new SdkEcrApi(client), events::add).session(HOST);
        long before = ecr.registryTraffic().blobBytesReceived();
        PushedImage pushed = new ImagePusher(events::add).push(image, new PushRequest(s.endpoint(), repository,
                List.of("v1"), CredentialSource.of(s.credential()), PushRequest.TagPolicy.IMMUTABLE, mountFrom),
                tmp.resolve(dir));
        assertEquals(pushed.digest(), client.describeImages(r -> r.repositoryName(repository)
                .imageIds(i -> i.imageTag("v1"))).imageDetails().get(0).imageDigest());
        return ecr.registryTraffic().blobBytesReceived() - before;
    }

    @Test
    void secondRepositoryMountsEveryBlobAndUploadsNoLayerByteOnceBlobMountingIsEnabled() throws Exception {
        long allBlobs = blobs.stream().mapToLong(ImageIndex.Blob::size).sum();
        assertEquals(allBlobs, push("team/a", List.of(), "a"), "the first push uploads every blob");

        // ECR's default: BLOB_MOUNTING DISABLED, the registry declines, everything is uploaded again
        assertEquals(allBlobs, push("team/b", List.of("team/a"), "b"));

        client.putAccountSetting(r -> r.name("BLOB_MOUNTING").value("ENABLED"));
        try {
            int mountsBefore = ecr.registryTraffic().mountsServed();
            assertEquals(0, push("team/c", List.of("team/a"), "c"), "no blob byte uploaded: " + events);
            assertEquals(blobs.size(), ecr.registryTraffic().mountsServed() - mountsBefore, "config and layers mounted");
            assertTrue(events.stream().anyMatch(e -> e.startsWith("mounted " + blobs.size() + " of " + blobs.size())),
                    events.toString());

            // the counter does count: without mountFrom the same push uploads all blobs
            assertEquals(allBlobs, push("team/d", List.of(), "d"));
        } finally {
            client.putAccountSetting(r -> r.name("BLOB_MOUNTING").value("DISABLED"));
        }
    }
}
