package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.ImageIndex;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PlatformImages;
import dev.uniformpipeline.core.build.TargetPlatform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Multi-platform images end to end: a two-platform base index (Debian's amd64 and arm64 busybox-static, pushed by an
 * independent test client) in Debian's docker-registry; a Go app built on it for linux/amd64 and linux/arm64 and
 * pushed as an OCI image index to docker-registry and to local-cloud's ECR. skopeo (an independent client) reads the
 * index back: both platforms, each manifest's config has the right architecture, and the Go binary in each image's
 * top layer is an ELF for that architecture (e_machine x86-64 / AArch64). The same inputs give the same index digest.
 * Debian packages: docker-registry, apache2-utils, skopeo, golang-go, busybox-static, plus arm64 busybox-static
 * unpacked to /opt/uniform/arm64 (see {@link TestIndexImages#arm64Busybox()}).
 */
class MultiPlatformPushIT {
    @TempDir
    static Path shared;
    static LocalRegistry registry;
    static String baseRef;
    static Path app;
    /** Built once for both pushes (Go cross-compiles the standard library per platform on a cold cache). */
    static PlatformImages images;

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        Path arm64 = TestIndexImages.arm64Busybox();
        registry = LocalRegistry.start(shared.resolve("registry"), false);
        Map<String, Path> busybox = new LinkedHashMap<>();
        busybox.put("amd64", Path.of("/bin/busybox"));
        busybox.put("arm64", arm64);
        new TestIndexImages(registry.host(), LocalRegistry.USER, LocalRegistry.PASSWORD)
                .pushBusyboxIndex("base/busybox", "multi", busybox);
        baseRef = registry.host() + "/base/busybox:multi";
        app = Files.createDirectories(shared.resolve("app"));
        Files.writeString(app.resolve("go.mod"), "module example.com/hello\n\ngo 1.19\n");
        Files.writeString(app.resolve("main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() {\n"
                + "\tfmt.Println(\"hello\")\n}\n");
        images = build(shared.resolve("w1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    static CredentialSource registryCredentials() {
        return CredentialSource.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD));
    }

    static PlatformImages build(Path work) throws Exception {
        RegistryBaseResolver resolver = new RegistryBaseResolver(Map.of(registry.host(), registry.endpoint()),
                registryCredentials());
        return new ImageBuilder(new LocalBaseImages(work.resolve("no-local-bases")), resolver, BuildListener.NONE)
                .prepareAll(BuildRequest.builder(app, work).baseImage(baseRef).build());
    }

    static String skopeo(Path dir, String creds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false", "--creds", creds));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + err);
        }
        return out;
    }

    /**
     * Reads the pushed index with skopeo and checks both platforms, their config architecture and the ELF machine of
     * /app/app in each image's top layer (blobs fetched with {@code blobs}).
     */
    void checkIndex(String host, String repository, String tag, String creds, PushedImage pushed,
                    TestIndexImages blobs) throws Exception {
        String raw = skopeo(tmp, creds, "--raw", "docker://" + host + "/" + repository + ":" + tag);
        assertEquals(pushed.digest(), TestIndexImages.sha256(raw.getBytes(StandardCharsets.UTF_8)),
                "the tag serves the index the pusher reported");
        JsonNode index = TestIndexImages.json(raw);
        assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText());
        assertEquals(List.of("amd64", "arm64"), TestIndexImages.archs(index));
        Map<String, Integer> elfMachine = Map.of("amd64", 0x3E, "arm64", 0xB7);
        for (JsonNode m : index.path("manifests")) {
            String arch = m.path("platform").path("architecture").asText();
            assertEquals("linux", m.path("platform").path("os").asText());
            String ref = "docker://" + host + "/" + repository + "@" + m.path("digest").asText();
            JsonNode config = TestIndexImages.json(skopeo(tmp, creds, "--config", "--raw", ref));
            assertEquals(arch, config.path("architecture").asText(), "config architecture of " + ref);
            JsonNode manifest = TestIndexImages.json(skopeo(tmp, creds, "--raw", ref));
            JsonNode layers = manifest.path("layers");
            byte[] top = blobs.blob(repository, layers.get(layers.size() - 1).path("digest").asText());
            byte[] binary = TestIndexImages.fileInLayer(top, "app/app");
            assertNotNull(binary, "the top layer of " + arch + " holds /app/app");
            assertEquals(elfMachine.get(arch), TestIndexImages.elfMachine(binary), "ELF machine of the " + arch
                    + " Go binary");
            byte[] base = blobs.blob(repository, layers.get(0).path("digest").asText());
            assertEquals(elfMachine.get(arch), TestIndexImages.elfMachine(TestIndexImages.fileInLayer(base,
                    "bin/busybox")), "the " + arch + " image is built on the " + arch + " base");
        }
        assertEquals(pushed.manifests().stream().map(PushedImage.PlatformManifest::digest).toList(),
                index.path("manifests").findValuesAsText("digest"));
    }

    @Test
    void goAppOnATwoPlatformBaseIsPushedToDockerRegistryAsAnIndexOfPerArchitectureImages() throws Exception {
        assertEquals(List.of(TargetPlatform.LINUX_AMD64, TargetPlatform.LINUX_ARM64), images.platforms());
        PushRequest request = new PushRequest(registry.endpoint(), "apps/hello", List.of("v1", "stable"),
                registryCredentials(), PushRequest.TagPolicy.IMMUTABLE, List.of());
        PushedImage pushed = new ImagePusher(events::add).push(images, request, tmp.resolve("push1"));
        assertEquals(2, pushed.manifests().size());
        assertNotEquals(pushed.manifests().get(0).digest(), pushed.manifests().get(1).digest());
        TestIndexImages blobs = new TestIndexImages(registry.host(), LocalRegistry.USER, LocalRegistry.PASSWORD);
        checkIndex(registry.host(), "apps/hello", "v1", LocalRegistry.USER + ":" + LocalRegistry.PASSWORD, pushed,
                blobs);

        // reproducible: a fresh build from the same inputs has the same index digest, and a rerun uploads nothing
        PlatformImages again = build(tmp.resolve("w2"));
        assertEquals(pushed.digest(), ImageIndex.write(again, Files.createDirectories(tmp.resolve("tars")),
                "x/y:z").digest());
        PushedImage rerun = new ImagePusher(events::add).push(again, request, tmp.resolve("push2"));
        assertTrue(rerun.alreadyThere(), "same index under immutable tags is an idempotent rerun");
        assertEquals(pushed.digest(), rerun.digest());
    }

    @Test
    void sameImageIndexIsPushedToLocalCloudEcr() throws Exception {
        try (LocalEcr ecr = LocalEcr.start()) {
            EcrClient client = ecr.client;
            client.createRepository(r -> r.repositoryName("apps/hello"));
            EcrRegistry.Session s = ecr.session(events::add);
            PushedImage pushed = new ImagePusher(events::add).push(images, new PushRequest(
                    s.endpoint(), "apps/hello", List.of("v1"), CredentialSource.of(s.credential()),
                    PushRequest.TagPolicy.IMMUTABLE, List.of()), tmp.resolve("push"));
            String creds = s.credential().username() + ":" + s.credential().secret();
            checkIndex(s.endpoint().host(), "apps/hello", "v1", creds, pushed, new TestIndexImages(
                    s.endpoint().host(), s.credential().username(), s.credential().secret()));
            var details = client.describeImages(r -> r.repositoryName("apps/hello").imageIds(i -> i.imageTag("v1")))
                    .imageDetails();
            assertEquals(pushed.digest(), details.get(0).imageDigest());
            assertEquals("application/vnd.oci.image.index.v1+json", details.get(0).imageManifestMediaType());
        }
    }
}
