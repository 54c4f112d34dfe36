package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.UniformPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's checkout, build and push stages run for real through the public API: a pipeline file in a git
 * repository, built with the static builder on a local busybox base, pushed to docker-registry with basic auth.
 * Deploy is not part of this issue, so the run stops there; the report carries the revision and the digest.
 */
class PipelineImageStagesIT {
    @TempDir
    static Path shared;
    static LocalRegistry registry;

    @TempDir
    Path repo;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start(shared.resolve("registry"), false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private RevCommit commitSite() throws Exception {
        return SiteRepo.commit(repo, SiteRepo.pipeline("""
                image:
                  registry: "%s"
                  repository: team/site
                  tags: ["${git.shortSha}", "latest"]
                  insecure: true
                  auth: { username: %s, passwordEnv: REG_PASSWORD }
                service:
                  port: 8080
                  replicas: 1
                  cpu: 0.25
                  memory: 512MiB
                targets:
                  - { name: prod-eks, type: eks, region: eu-west-1, cluster: prod-eks, namespace: site }
                """.formatted(registry.host(), LocalRegistry.USER)), Map.of("index.html", "<h1>site</h1>"), "site");
    }

    private RunReport run(List<PipelineEvent> events) throws Exception {
        return UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(Map.of("REG_PASSWORD", LocalRegistry.PASSWORD,
                        "UNIFORM_BASE_IMAGES", shared.resolve("bases").toString()))
                .eventListener(events::add).runTimeout(Duration.ofMinutes(5)).build().run();
    }

    @Test
    void checkoutBuildAndPushRunForRealAndReportTheDigest() throws Exception {
        RevCommit commit = commitSite();
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        RunReport report = run(events);

        assertEquals(commit.name(), report.source().orElseThrow().revision());
        assertEquals(Optional.of("main"), report.source().orElseThrow().ref());
        for (Stage s : List.of(Stage.CHECKOUT, Stage.BUILD, Stage.PUSH)) {
            assertEquals("SUCCEEDED", report.stage(s).orElseThrow().status().name(), s + ": " + report.failure());
        }
        RunReport.Image image = report.image().orElseThrow();
        String shortSha = commit.name().substring(0, 7);
        assertEquals(List.of(shortSha, "latest"), image.tags());
        String digest = image.digest().orElseThrow();
        OciRegistryClient client = new OciRegistryClient(registry.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        assertEquals(Optional.of(digest), client.manifestDigest("team/site", shortSha));
        assertEquals(Stage.DEPLOY, report.failure().orElseThrow().stage(), "deploy is another issue");
        assertFalse(events.toString().contains(LocalRegistry.PASSWORD), "no secret in events");

        List<PipelineEvent> again = new CopyOnWriteArrayList<>();
        RunReport rerun = run(again);
        assertEquals(Optional.of(digest), rerun.image().orElseThrow().digest(), "same inputs, same digest");
        assertTrue(again.toString().contains("unchanged"), "the rerun pushes nothing new");
    }

    @Test
    void aDockerCredentialHelperOnTheRunsPathSuppliesTheRegistryPassword() throws Exception {
        RevCommit commit = commitSite();
        // no image.auth: the credentials come from the Docker config's credHelpers entry for the registry
        Files.writeString(repo.resolve("pipeline.yml"), Files.readString(repo.resolve("pipeline.yml"))
                .replace("  auth: { username: " + LocalRegistry.USER + ", passwordEnv: REG_PASSWORD }\n", ""));
        Path bin = Files.createDirectories(repo.resolve("../helper-bin").normalize());
        Path helper = bin.resolve("docker-credential-uniformci");
        Path seen = bin.resolve("hosts-asked");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread host\necho \"$host\" >> " + seen + "\n"
                + "if [ \"$host\" = \"" + registry.host() + "\" ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}' \"$host\" \"$REG_USER\" \"$REG_SECRET\"\n"
                + "else echo 'credentials not found in native keychain'; exit 1; fi\n");
        assertTrue(helper.toFile().setExecutable(true));
        Path docker = Files.createDirectories(repo.resolve("../docker-config").normalize());
        Files.writeString(docker.resolve("config.json"), "{\"credHelpers\":{\"" + registry.host() + "\":\"uniformci\"}}");

        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(Map.of("DOCKER_CONFIG", docker.toString(), "PATH", bin + ":/usr/bin:/bin",
                        "REG_USER", LocalRegistry.USER, "REG_SECRET", LocalRegistry.PASSWORD,
                        "UNIFORM_BASE_IMAGES", shared.resolve("bases").toString()))
                .eventListener(events::add).lastStage(Stage.PUSH).runTimeout(Duration.ofMinutes(5)).build().run();

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        String digest = report.image().orElseThrow().digest().orElseThrow();
        OciRegistryClient client = new OciRegistryClient(registry.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        assertEquals(Optional.of(digest), client.manifestDigest("team/site", commit.name().substring(0, 7)));
        assertTrue(Files.readAllLines(seen).contains(registry.host()), "the helper was asked for the registry");
        assertFalse(events.toString().contains(LocalRegistry.PASSWORD), "no secret in events");
        assertFalse(report.toJson().contains(LocalRegistry.PASSWORD), "no secret in the report");
    }

    @Test
    void imageAuthDockerConfigNamesAConfigJsonWhoseAuthsEntryPushes() throws Exception {
        commitSite();
        Files.writeString(repo.resolve("pipeline.yml"), Files.readString(repo.resolve("pipeline.yml"))
                .replace("auth: { username: " + LocalRegistry.USER + ", passwordEnv: REG_PASSWORD }",
                        "auth: { dockerConfig: ci/registry.json }"));
        Files.createDirectories(repo.resolve("ci"));
        String auth = java.util.Base64.getEncoder().encodeToString((LocalRegistry.USER + ":" + LocalRegistry.PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(repo.resolve("ci/registry.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + auth + "\"}}}");

        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(Map.of("UNIFORM_BASE_IMAGES", shared.resolve("bases").toString()))
                .lastStage(Stage.PUSH).runTimeout(Duration.ofMinutes(5)).build().run();
        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());

        Files.delete(repo.resolve("ci/registry.json"));
        RunReport missing = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(Map.of("UNIFORM_BASE_IMAGES", shared.resolve("bases").toString()))
                .lastStage(Stage.PUSH).runTimeout(Duration.ofMinutes(5)).build().run();
        assertEquals(RunReport.RunStatus.FAILED, missing.status(), missing.toJson());
        assertTrue(missing.failure().orElseThrow().message().contains("image.auth.dockerConfig: "
                + repo.resolve("ci/registry.json") + " does not exist"), missing.toJson());
    }

    @Test
    void aRunUntilPushPushesForRealSucceedsAndReportsDeployAsNotRequested() throws Exception {
        RevCommit commit = commitSite();
        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(Map.of("REG_PASSWORD", LocalRegistry.PASSWORD,
                        "UNIFORM_BASE_IMAGES", shared.resolve("bases").toString()))
                .lastStage(Stage.PUSH).runTimeout(Duration.ofMinutes(5)).build().run();

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        String digest = report.image().orElseThrow().digest().orElseThrow();
        OciRegistryClient client = new OciRegistryClient(registry.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        assertEquals(Optional.of(digest), client.manifestDigest("team/site", commit.name().substring(0, 7)));
        for (Stage later : List.of(Stage.DEPLOY, Stage.VERIFY)) {
            assertEquals(RunReport.StageStatus.SKIPPED, report.stage(later).orElseThrow().status());
            assertEquals(Optional.of("not requested: the run stops after push"),
                    report.stage(later).orElseThrow().reason());
        }
        assertEquals(RunReport.TargetOutcome.NOT_RUN, report.target("prod-eks").orElseThrow().outcome());
    }

    @Test
    void twoPlatformBuildIsPushedAsAnIndexAndTheReportCarriesIndexAndPlatformDigests() throws Exception {
        commitSite();
        String file = Files.readString(repo.resolve("pipeline.yml")).replace("build: { builder: static }",
                "build: { builder: static, baseImage: scratch, platforms: [linux/amd64, linux/arm64] }")
                .replace("repository: team/site", "repository: team/site-multi");
        Files.writeString(repo.resolve("pipeline.yml"), file);
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("two platforms").setSign(false).call();
        }
        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(Map.of("REG_PASSWORD", LocalRegistry.PASSWORD,
                        "UNIFORM_BASE_IMAGES", shared.resolve("bases").toString()))
                .lastStage(Stage.PUSH).runTimeout(Duration.ofMinutes(5)).build().run();

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        RunReport.Image image = report.image().orElseThrow();
        assertEquals(List.of("linux/amd64", "linux/arm64"), List.copyOf(image.platforms().keySet()));
        OciRegistryClient client = new OciRegistryClient(registry.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        OciRegistryClient.Manifest index = client.manifest("team/site-multi", "latest").orElseThrow();
        assertTrue(index.isIndex(), index.mediaType());
        assertEquals(image.digest().orElseThrow(), index.digest(), "the deployed digest is the index digest");
        for (String platformDigest : image.platforms().values()) {
            assertTrue(new String(index.bytes(), java.nio.charset.StandardCharsets.UTF_8).contains(platformDigest));
            assertFalse(client.manifest("team/site-multi", platformDigest).orElseThrow().isIndex());
        }
        assertTrue(report.toJson().contains("\"platforms\""), report.toJson());
        assertEquals(image.platforms(), RunReport.parse(report.toJson()).image().orElseThrow().platforms());
    }
}
