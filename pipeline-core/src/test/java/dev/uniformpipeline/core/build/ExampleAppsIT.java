package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.UniformPipeline;
import dev.uniformpipeline.core.registry.LocalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example app under templates/examples/apps is built and pushed through the public API (the run stops at
 * deploy, which is another issue) into a real docker-registry; the image config is read back through the registry's
 * HTTP API and with {@code skopeo inspect}, and the layers with {@code skopeo copy}. The Java, jar, Node and Go images
 * are then started from their unpacked root file system (unshare + chroot, needs root) and must answer GET /health.
 * Debian packages: docker-registry, apache2-utils, skopeo, golang-go, busybox-static, gradle; node, npm and a JDK on the
 * PATH.
 */
class ExampleAppsIT {
    static final Path APPS = Path.of("../templates/examples/apps");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static LocalRegistry registry;

    @TempDir
    Path tmp;

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


    @Test
    void javaMavenExampleIsLayeredDependenciesResourcesClassesAndAnswersHealth() throws Exception {
        Pushed p = buildAndPush("java-maven", src -> { });
        p.assertConfig(List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*", "example.Main"), 8080);
        p.assertTopLayers(List.of("app/libs/slf4j-api-2.0.17.jar", "app/resources/app.properties",
                "app/classes/example/Main.class"));
        p.assertAnswersHealth();
    }

    @Test
    void javaGradleExampleIsLayeredDependenciesResourcesClassesAndAnswersHealth() throws Exception {
        Pushed p = buildAndPush("java-gradle", src -> { });
        p.assertConfig(List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*", "example.Main"), 8080);
        p.assertTopLayers(List.of("app/libs/slf4j-api-2.0.17.jar", "app/resources/app.properties",
                "app/classes/example/Main.class"));
        p.assertAnswersHealth();
    }

    @Test
    void plainJarExampleRunsTheJarAndAnswersHealth() throws Exception {
        Pushed p = buildAndPush("jar", src -> {
            Path out = src.resolve("out");
            exec(src, List.of(tool("javac"), "-d", out.toString(), "src/example/Hello.java"));
            Files.createDirectories(src.resolve("target"));
            exec(src, List.of(tool("jar"), "--create", "--file", "target/hello.jar", "--main-class", "example.Hello",
                    "-C", "out", "."));
        });
        p.assertConfig(List.of("java", "-jar", "/app/app.jar"), 8080);
        p.assertTopLayers(List.of("app/app.jar"));
        p.assertAnswersHealth();
    }

    @Test
    void nodeExampleAppLayerIsSeparateFromTheNodeBaseAndAnswersHealth() throws Exception {
        Pushed p = buildAndPush("node", src -> { });
        p.assertConfig(List.of("node", "server.js"), 3000);
        p.assertTopLayers(List.of("app/server.js"));
        assertFalse(p.oci.layers.get(p.oci.layers.size() - 1).keySet().stream()
                .anyMatch(k -> k.startsWith("usr/local/bin/node")), "the app layer holds the app only");
        p.assertAnswersHealth();
    }

    @Test
    void goExampleIsAStaticBinaryOnScratchAndAnswersHealth() throws Exception {
        Pushed p = buildAndPush("go", src -> { });
        p.assertConfig(List.of("/app/app"), 8080);
        assertEquals(1, p.oci.layers.size(), "scratch plus one layer");
        p.assertTopLayers(List.of("app/app"));
        p.assertAnswersHealth();
    }

    @Test
    void pythonExampleHasSitePackagesAndAppLayers() throws Exception {
        Pushed p = buildAndPush("python", src -> { });
        p.assertConfig(List.of("python3", "main.py"), 8000);
        p.assertTopLayers(List.of("app/main.py"));
        assertTrue(p.envHas("PYTHONPATH=/app/site-packages:/app"), p.config.toString());
    }

    @Test
    void staticExampleServesTheSiteWithBusyboxHttpd() throws Exception {
        Pushed p = buildAndPush("static", src -> { });
        p.assertConfig(List.of("/bin/busybox", "httpd", "-f", "-v", "-p", "8080", "-h", "/srv/www"), 8080);
        p.assertTopLayers(List.of("srv/www/index.html"));
        assertTrue(p.oci.layers.get(p.oci.layers.size() - 1).containsKey("srv/www/health.html"), "the whole site");
        assertFalse(p.oci.layers.get(p.oci.layers.size() - 1).containsKey("bin/busybox"), "the base stays below");
        // the example's tag policy: the commit, plus the branch made tag-safe, on the same digest
        assertEquals(List.of(p.commit.substring(0, 7), p.commit, "main"), p.tags);
        JsonNode byBranch = JSON.readTree(exec(tmp, List.of("skopeo", "inspect", "--tls-verify=false", "--creds",
                LocalRegistry.USER + ":" + LocalRegistry.PASSWORD,
                "docker://" + registry.host() + "/examples/static:main")));
        assertEquals(p.digest, byBranch.path("Digest").asText(), "the branch tag points at the pushed digest");
    }

    @Test
    void explicitLayersExampleHasItsTwoLayersInOrder() throws Exception {
        Pushed p = buildAndPush("layers", src -> Files.copy(Path.of("/bin/busybox"), src.resolve("bin/busybox"),
                StandardCopyOption.COPY_ATTRIBUTES));
        p.assertConfig(List.of("/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/etc/app"), 8080);
        assertEquals(2, p.oci.layers.size(), "scratch plus the two declared layers");
        assertTrue(p.oci.layers.get(0).containsKey("bin/busybox"), p.oci.layers.get(0).keySet().toString());
        assertTrue(p.oci.layers.get(1).containsKey("etc/app/health"), p.oci.layers.get(1).keySet().toString());
    }

    interface Prepare {
        void apply(Path src) throws Exception;
    }

    /** Copies the example into a fresh git repository, runs the pipeline, and reads the pushed image back. */
    Pushed buildAndPush(String app, Prepare prepare) throws Exception {
        Path src = tmp.resolve(app);
        copyTree(APPS.resolve(app), src);
        prepare.apply(src);
        Files.deleteIfExists(src.resolve(".gitignore")); // built artefacts (jar, layers) are part of this commit
        RevCommit commit;
        try (Git git = Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Ada", "ada@example.org", Instant.parse("2026-01-02T03:04:05Z"),
                    ZoneOffset.UTC);
            commit = git.commit().setMessage(app).setAuthor(who).setCommitter(who).setSign(false).call();
            git.tag().setName("v0.1.0").setObjectId(commit).call(); // a release: the version label
        }
        String sourceUrl = src.toUri().toString();
        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(src)
                .set("source.git", sourceUrl)
                .set("image.registry", registry.host())
                .set("image.insecure", "true")
                .set("image.auth.username", LocalRegistry.USER)
                .set("image.auth.passwordEnv", "REG_PASSWORD")
                .environment(Map.of("REG_PASSWORD", LocalRegistry.PASSWORD,
                        "UNIFORM_BASE_IMAGES", shared.resolve("bases").toString()))
                .runTimeout(Duration.ofMinutes(10)).build().run();
        for (Stage s : List.of(Stage.CHECKOUT, Stage.BUILD, Stage.PUSH)) {
            assertEquals("SUCCEEDED", report.stage(s).orElseThrow().status().name(), app + " " + s + ": "
                    + report.failure());
        }
        assertEquals(Stage.DEPLOY, report.failure().orElseThrow().stage(), "deploy is another issue");
        RunReport.Image image = report.image().orElseThrow();
        String digest = image.digest().orElseThrow();
        String repo = "examples/" + app;
        assertEquals(repo, image.repository().replaceFirst("^" + registry.host() + "/", ""));

        // 1. the registry's own HTTP API
        JsonNode manifest = JSON.readTree(get("/v2/" + repo + "/manifests/" + digest,
                "application/vnd.oci.image.manifest.v1+json"));
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.path("mediaType").asText());
        JsonNode config = JSON.readTree(get("/v2/" + repo + "/blobs/" + manifest.path("config").path("digest").asText(),
                "*/*"));
        // 2. skopeo, an independent client
        String ref = "docker://" + registry.host() + "/" + repo + ":" + commit.name().substring(0, 7);
        String creds = LocalRegistry.USER + ":" + LocalRegistry.PASSWORD;
        JsonNode inspect = JSON.readTree(exec(tmp, List.of("skopeo", "inspect", "--tls-verify=false", "--creds", creds,
                ref)));
        assertEquals(digest, inspect.path("Digest").asText(), "the tag points at the pushed digest");
        JsonNode skopeoConfig = JSON.readTree(exec(tmp, List.of("skopeo", "inspect", "--config", "--tls-verify=false",
                "--creds", creds, ref)));
        for (String field : List.of("Entrypoint", "Cmd", "User", "ExposedPorts", "Labels", "WorkingDir")) {
            assertEquals(config.path("config").path(field), skopeoConfig.path("config").path(field),
                    "skopeo reads the same " + field + " back");
        }
        assertEquals(config.path("rootfs"), skopeoConfig.path("rootfs"), "skopeo reads the same layers back");
        assertEquals(manifest.path("layers").size(), inspect.path("Layers").size());
        Path archive = tmp.resolve(app + "-pulled.tar");
        exec(tmp, List.of("skopeo", "copy", "--src-tls-verify=false", "--src-creds", creds, ref,
                "oci-archive:" + archive));
        Pushed p = new Pushed(app, config.path("config"), new OciTar(archive), tmp.resolve(app + "-rootfs"));
        assertEquals(sourceUrl, p.label("org.opencontainers.image.source"));
        assertEquals(commit.name(), p.label("org.opencontainers.image.revision"));
        assertEquals("1970-01-01T00:00:00Z", p.label("org.opencontainers.image.created"));
        assertEquals("0.1.0", p.label("org.opencontainers.image.version"), "the commit's semver tag");
        p.tags = image.tags();
        p.digest = digest;
        p.commit = commit.name();
        assertEquals("65532:65532", p.config.path("User").asText(), "runs as non-root");
        return p;
    }

    final class Pushed {
        final String app;
        final JsonNode config;
        final OciTar oci;
        final Path root;
        List<String> tags;
        String digest;
        String commit;

        Pushed(String app, JsonNode config, OciTar oci, Path root) {
            this.app = app;
            this.config = config;
            this.oci = oci;
            this.root = root;
        }

        String label(String key) {
            return config.path("Labels").path(key).asText(null);
        }

        boolean envHas(String kv) {
            for (JsonNode n : config.path("Env")) {
                if (n.asText().equals(kv)) {
                    return true;
                }
            }
            return false;
        }

        void assertConfig(List<String> entrypoint, int port) {
            List<String> actual = new ArrayList<>();
            config.path("Entrypoint").forEach(n -> actual.add(n.asText()));
            assertEquals(entrypoint, actual, app + " entrypoint");
            List<String> ports = new ArrayList<>();
            config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
            assertEquals(List.of(port + "/tcp"), ports, app + " exposed port");
        }

        /** The last N layers hold the given files, one per layer, in order (the app's own layers, on top). */
        void assertTopLayers(List<String> markers) {
            int first = oci.layers.size() - markers.size();
            assertTrue(first >= 0, app + " has " + oci.layers.size() + " layers");
            for (int i = 0; i < markers.size(); i++) {
                Map<String, OciTar.Entry> layer = oci.layers.get(first + i);
                assertTrue(layer.containsKey(markers.get(i)), app + " layer " + (first + i) + " should hold "
                        + markers.get(i) + " but has " + layer.keySet());
                for (String other : markers) {
                    if (!other.equals(markers.get(i))) {
                        assertFalse(layer.containsKey(other), other + " is in its own layer");
                    }
                }
            }
        }

        /** Starts the image's entrypoint in its unpacked root file system and expects GET /health to answer 200. */
        void assertAnswersHealth() throws Exception {
            RootFs.unpack(oci, root);
            Files.createDirectories(root.resolve("proc"));
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            config.path("Env").forEach(n -> {
                String[] kv = n.asText().split("=", 2);
                env.put(kv[0], kv[1]);
            });
            env.put("PORT", Integer.toString(port));
            List<String> cmd = new ArrayList<>();
            config.path("Entrypoint").forEach(n -> cmd.add(n.asText()));
            config.path("Cmd").forEach(n -> cmd.add(n.asText()));
            String workdir = config.path("WorkingDir").asText("/");
            List<String> inside = new ArrayList<>();
            for (int i = 0; i < cmd.size(); i++) {
                String arg = cmd.get(i);
                if (i == 0 && !arg.startsWith("/")) {
                    arg = onPath(arg, env);
                } else if (!arg.startsWith("/") && !arg.startsWith("-")
                        && Files.isRegularFile(root.resolve(workdir.substring(1)).resolve(arg))) {
                    arg = workdir + "/" + arg; // chroot cannot set the working directory
                }
                inside.add(arg);
            }
            List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "/bin/sh",
                    "-c", "mount -t proc proc \"$0/proc\" && exec chroot --userspec=65532:65532 \"$0\" \"$@\"",
                    root.toString()));
            full.addAll(inside);
            ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(root.resolveSibling(app + "-run.log").toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.environment().put("PATH", env.getOrDefault("PATH", "/bin") + ":/usr/sbin:/usr/bin:/sbin:/bin");
            Process proc = pb.start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build();
                Integer status = null;
                for (int attempt = 0; attempt < 300 && status == null && proc.isAlive(); attempt++) {
                    try {
                        status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException notYet) {
                        Thread.sleep(100);
                    }
                }
                String log = Files.readString(root.resolveSibling(app + "-run.log"));
                assertEquals(Integer.valueOf(200), status, app + " /health; output: " + log);
            } finally {
                proc.destroy();
                if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                    proc.destroyForcibly();
                    proc.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }

        private String onPath(String program, Map<String, String> env) {
            for (String dir : env.getOrDefault("PATH", "/bin").split(":")) {
                if (Files.exists(root.resolve(dir.substring(1)).resolve(program))) {
                    return dir + "/" + program;
                }
            }
            return program;
        }
    }

    static String get(String path, String accept) throws Exception {
        String basic = Base64.getEncoder().encodeToString((LocalRegistry.USER + ":" + LocalRegistry.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + path))
                        .header("Authorization", "Basic " + basic).header("Accept", accept).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    static String exec(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd.stream().limit(2).collect(Collectors.joining(" ")) + " failed: " + out);
        }
        return out;
    }

    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
