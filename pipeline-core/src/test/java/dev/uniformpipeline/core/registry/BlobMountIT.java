package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.core.build.ImageIndex;
import dev.uniformpipeline.core.build.PreparedImage;
import dev.uniformpipeline.localcloud.ecr.EcrService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    static LocalEcr local;
    static EcrClient client;
    static EcrService ecr;
    static PreparedImage image;
    static List<ImageIndex.Blob> blobs;

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        local = LocalEcr.start();
        client = local.client;
        ecr = local.service();
        image = StaticSites.onBusybox(shared).prepare(shared, "<h1>mount me</h1>");
        blobs = ImageIndex.blobsOf(image.toTar(shared.resolve("image.tar"), "x/y:z").tar());
        for (String repo : List.of("team/a", "team/b", "team/c", "team/d")) {
            client.createRepository(r -> r.repositoryName(repo));
        }
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    /** Pushes the image to {@code repository}; returns the blob bytes the registry received meanwhile. */
    long push(String repository, List<String> mountFrom, String dir) throws Exception {
        EcrRegistry.Session s = local.session(events::add);
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
