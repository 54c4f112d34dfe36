package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.UniformPipeline;
import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PreparedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds upload only what changed, counted on the wire by a relay in front of a real docker-registry: a rerun with
 * no change uploads no blob and puts no manifest; a one-line change uploads exactly the changed layer and the config
 * (and puts the manifest of each new tag). The build cache folder ({@code UNIFORM_CACHE_DIR}) is reused between runs.
 */
class IncrementalPushIT {
    @TempDir
    static Path shared;
    static LocalRegistry registry;
    static CountingRelay relay;

    @TempDir
    Path repo;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start(shared.resolve("registry"), false);
        relay = new CountingRelay(registry.port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private void commit(String page, String message) throws Exception {
        SiteRepo.commit(repo, SiteRepo.pipeline("""
                image:
                  registry: "%s"
                  repository: team/site
                  tags: ["${git.shortSha}", "${git.sha}"]
                  insecure: true
                  auth: { username: %s, passwordEnv: REG_PASSWORD }
                service: { port: 8080, replicas: 1, cpu: 0.25, memory: 512MiB }
                targets:
                  - { name: prod-eks, type: eks, region: eu-west-1, cluster: prod-eks, namespace: site }
                """.formatted(relay.host(), LocalRegistry.USER)),
                Map.of("index.html", page, "about.html", "<p>about</p>\n"), message);
    }

    private RunReport run(List<PipelineEvent> events) throws Exception {
        relay.clear();
        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(Map.of("REG_PASSWORD", LocalRegistry.PASSWORD,
                        "UNIFORM_BASE_IMAGES", shared.resolve("bases").toString(),
                        "UNIFORM_CACHE_DIR", shared.resolve("cache").toString()))
                .eventListener(events::add).lastStage(Stage.PUSH).runTimeout(Duration.ofMinutes(5)).build().run();
        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        return report;
    }

    @Test
    void aRerunUploadsNoBlobAndAOneLineChangeUploadsOnlyTheChangedLayerAndTheConfig() throws Exception {
        commit("<h1>site</h1>\n", "v1");
        RunReport first = run(new CopyOnWriteArrayList<>());
        assertTrue(relay.blobUploads() >= 3, "first push uploads base layer, site layer and config: "
                + relay.requests());
        assertEquals(2, relay.manifestPuts(), "one manifest per tag: " + relay.requests());
        assertTrue(Files.isDirectory(shared.resolve("cache/jib-app-cache")), "jib's layer cache is in the cache folder");
        assertTrue(Files.isDirectory(shared.resolve("cache/jib-base-cache")));

        List<PipelineEvent> again = new CopyOnWriteArrayList<>();
        RunReport rerun = run(again);
        assertEquals(first.image().orElseThrow().digest(), rerun.image().orElseThrow().digest());
        assertEquals(0, relay.blobUploads(), "no change: no blob uploaded: " + relay.requests());
        assertEquals(0, relay.manifestPuts(), "no change: no manifest put: " + relay.requests());
        assertTrue(again.stream().anyMatch(e -> e instanceof PipelineEvent.LogLine l
                        && l.message().contains("image inputs unchanged since digest")),
                "the digest came from the cache folder, not from writing the image again");
        try (Stream<Path> records = Files.list(shared.resolve("cache/image-digests"))) {
            assertEquals(1, records.count(), "one digest record for one set of inputs");
        }

        commit("<h1>site, changed</h1>\n", "v2");
        RunReport changed = run(new CopyOnWriteArrayList<>());
        assertFalse(first.image().orElseThrow().digest().equals(changed.image().orElseThrow().digest()));
        assertEquals(2, relay.blobUploads(), "only the changed layer and the new config: " + relay.requests());
        assertEquals(2, relay.manifestPuts(), "the manifest, once per new tag: " + relay.requests());
    }

    @Test
    void aRegistryBaseIsPulledIntoTheCacheOnceWhileBuildingAndThePushNeedsNoBaseDownload() throws Exception {
        LocalBaseImages bases = new LocalBaseImages(shared.resolve("bases-registry-test"));
        var busybox = new BaseImageMaker(bases, shared.resolve("maker"), BuildListener.NONE)
                .busybox(Path.of("/bin/busybox"));
        RegistryEndpoint endpoint = RegistryEndpoint.plainHttp(relay.host());
        CredentialSource creds = CredentialSource.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD));
        new ImagePusher(m -> { }).pushLocalBase(busybox, new PushRequest(endpoint, "base/busybox", List.of("1"), creds,
                PushRequest.TagPolicy.MUTABLE, List.of()), shared.resolve("base-push"));
        Path cache = shared.resolve("cache-registry-base");
        Files.writeString(repo.resolve("app.txt"), "app\n");
        List<String> steps = new CopyOnWriteArrayList<>();
        BuildListener listener = new BuildListener() {
            @Override
            public void step(String message) {
                steps.add(message);
            }
        };
        ImageBuilder builder = new ImageBuilder(bases, new RegistryBaseResolver(Map.of(relay.host(), endpoint), creds),
                listener);

        relay.clear();
        PreparedImage first = builder.prepare(BuildRequest.builder(repo, shared.resolve("w1")).builder("layers")
                .layer("app", "app.txt", "/app/app.txt").baseImage(relay.host() + "/base/busybox:1").cacheDir(cache)
                .build());
        assertTrue(steps.stream().anyMatch(m -> m.contains("pulled into the cache")), steps.toString());
        long baseBlobGets = relay.requests().stream().filter(r -> r.startsWith("GET /v2/base/busybox/blobs/")).count();
        assertTrue(baseBlobGets >= 1, "the base layers were fetched while building: " + relay.requests());
        try (Stream<Path> markers = Files.list(cache.resolve("base-layers-cached"))) {
            assertEquals(1, markers.count());
        }

        relay.clear();
        new ImagePusher(m -> { }).push(first, new PushRequest(endpoint, "team/on-base", List.of("v1"), creds,
                PushRequest.TagPolicy.MUTABLE, List.of()), shared.resolve("app-push"));
        assertEquals(0, relay.requests().stream().filter(r -> r.startsWith("GET /v2/base/busybox/blobs/")).count(),
                "the push found the base layers in the cache: " + relay.requests());

        steps.clear();
        relay.clear();
        builder.prepare(BuildRequest.builder(repo, shared.resolve("w2")).builder("layers")
                .layer("app", "app.txt", "/app/app.txt").baseImage(relay.host() + "/base/busybox:1").cacheDir(cache)
                .build());
        assertFalse(steps.stream().anyMatch(m -> m.contains("pulled into the cache")), "once per base digest");
        // resolving the base reads its small config blob (its platform); no layer blob is downloaded again
        String baseConfig = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new OciRegistryClient(endpoint,
                creds.forRegistry(relay.host())).manifest("base/busybox", "1").orElseThrow().bytes())
                .path("config").path("digest").asText();
        assertTrue(baseConfig.startsWith("sha256:"), baseConfig);
        assertEquals(0, relay.requests().stream().filter(r -> r.contains("/blobs/") && !r.contains(baseConfig))
                .count(), relay.requests().toString());
    }
    @Test
    void aMultiPlatformRerunWithTheCacheWritesNoTarUploadsNoBlobAndComparesTagsWithTheIndexDigest() throws Exception {
        Files.writeString(repo.resolve("app.txt"), "multi\n");
        Path cache = shared.resolve("cache-multi");
        RegistryEndpoint endpoint = RegistryEndpoint.plainHttp(relay.host());
        CredentialSource creds = CredentialSource.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD));
        ImageBuilder builder = new ImageBuilder(new LocalBaseImages(shared.resolve("bases-multi")),
                new RegistryBaseResolver(Map.of(relay.host(), endpoint), creds), BuildListener.NONE);
        java.util.function.Function<String, BuildRequest> request = w -> BuildRequest.builder(repo, shared.resolve(w))
                .builder("layers").layer("app", "app.txt", "/app/app.txt").baseImage("scratch")
                .platform("linux/amd64").platform("linux/arm64").cacheDir(cache).build();
        PushRequest push = new PushRequest(endpoint, "team/multi", List.of("v1"), creds,
                PushRequest.TagPolicy.MUTABLE, List.of());
        PushedImage first = new ImagePusher(m -> { }).push(builder.prepareAll(request.apply("m1")), push,
                shared.resolve("mpush1"));
        assertFalse(first.alreadyThere());
        assertEquals(2, first.manifests().size(), first.toString());

        relay.clear();
        List<String> events = new CopyOnWriteArrayList<>();
        Path work = shared.resolve("mpush2");
        PushedImage rerun = new ImagePusher(events::add).push(builder.prepareAll(request.apply("m2")), push, work);
        assertTrue(rerun.alreadyThere(), events.toString());
        assertEquals(first.digest(), rerun.digest());
        assertTrue(events.stream().anyMatch(e -> e.contains("unchanged since index " + first.digest())),
                events.toString());
        assertTrue(events.stream().anyMatch(e -> e.contains(":v1 already points at " + first.digest())),
                events.toString());
        try (Stream<Path> files = Files.walk(work)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tar")).toList(), "no image tar written");
        }
        assertEquals(List.of(), relay.requests().stream().filter(r -> r.startsWith("PUT ") || r.startsWith("POST ")
                || r.startsWith("PATCH ")).toList(), "nothing uploaded: " + relay.requests());
        assertTrue(relay.requests().stream().anyMatch(r -> r.contains("/v2/team/multi/manifests/v1")),
                relay.requests().toString());
    }
}
