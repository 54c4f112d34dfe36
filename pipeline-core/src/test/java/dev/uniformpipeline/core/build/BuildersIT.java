package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builders that run real tools (mvn through the wrapper, npm, go, pip, jlink) and images that really run: each
 * image is unpacked and its entrypoint started with chroot (needs root, as CI runs). Debian packages: golang-go,
 * busybox-static; npm, python3 with pip and a JDK with jlink must be on the PATH.
 */
class BuildersIT {
    @TempDir
    static Path shared;
    static LocalBaseImages bases;

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final BuildListener listener = new BuildListener() {
        @Override
        public void step(String message) {
            events.add(message);
        }

        @Override
        public void toolOutput(String tool, String line) {
            events.add(tool + "> " + line);
        }
    };

    @BeforeAll
    static void makeBases() throws Exception {
        bases = new LocalBaseImages(shared.resolve("bases"));
        BaseImageMaker maker = new BaseImageMaker(bases, shared.resolve("maker"), BuildListener.NONE);
        maker.busybox(Path.of("/bin/busybox"));
        maker.jre("jre17", Path.of(System.getProperty("java.home")), BaseImageMaker.DEFAULT_JRE_MODULES);
        maker.executables("node", Map.of(Path.of(which("node")), "/usr/local/bin/node"), Map.of());
    }

    static String which(String tool) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        if (out.isEmpty()) {
            throw new IllegalStateException(tool + " is not installed; this test needs it");
        }
        return Path.of(out).toRealPath().toString();
    }

    private ImageBuilder builder() {
        return new ImageBuilder(bases, BaseImageResolver.NONE, listener);
    }

    private RootFs.Result runImage(BuiltImage built, Path rootDir) throws Exception {
        OciTar oci = new OciTar(built.tar());
        RootFs.unpack(oci, rootDir);
        List<String> cmd = new ArrayList<>();
        oci.config.path("config").path("Entrypoint").forEach(n -> cmd.add(n.asText()));
        oci.config.path("config").path("Cmd").forEach(n -> cmd.add(n.asText()));
        String workdir = oci.config.path("config").path("WorkingDir").asText("/");
        java.util.Map<String, String> env = new java.util.HashMap<>();
        oci.config.path("config").path("Env").forEach(n -> {
            String[] kv = n.asText().split("=", 2);
            env.put(kv[0], kv[1]);
        });
        // chroot has no working-directory option: run through the image's own shell if it has one, else absolute
        // chroot cannot change the working directory: arguments naming files in WorkingDir are made absolute
        List<String> inside = new ArrayList<>();
        for (String arg : resolveOnPath(cmd, env, rootDir)) {
            boolean relativeFile = !arg.startsWith("/") && !arg.startsWith("-")
                    && Files.isRegularFile(rootDir.resolve(workdir.substring(1)).resolve(arg));
            inside.add(relativeFile ? workdir + "/" + arg : arg);
        }
        return RootFs.run(rootDir, inside, env);
    }

    private static List<String> resolveOnPath(List<String> cmd, Map<String, String> env, Path root) {
        if (cmd.get(0).startsWith("/")) {
            return cmd;
        }
        for (String dir : env.getOrDefault("PATH", "/bin").split(":")) {
            if (Files.exists(root.resolve(dir.substring(1)).resolve(cmd.get(0)))) {
                List<String> out = new ArrayList<>(cmd);
                out.set(0, dir + "/" + cmd.get(0));
                return out;
            }
        }
        return cmd;
    }

    @Test
    void mavenProjectIsBuiltWithItsWrapperLayeredLikeJibAndRunsOnTheJlinkJre() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("svc"));
        Path repoRoot = Path.of("..").toAbsolutePath().normalize();
        Files.copy(repoRoot.resolve("mvnw"), src.resolve("mvnw"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(src.resolve(".mvn/wrapper"));
        Files.copy(repoRoot.resolve(".mvn/wrapper/maven-wrapper.properties"),
                src.resolve(".mvn/wrapper/maven-wrapper.properties"));
        Files.writeString(src.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId><artifactId>svc</artifactId><version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
                  </properties>
                  <dependencies>
                    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
                  </dependencies>
                  <build><plugins>
                    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                    <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                    <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                  </plugins></build>
                </project>
                """);
        Files.createDirectories(src.resolve("src/main/java/demo"));
        Files.createDirectories(src.resolve("src/main/resources"));
        Files.writeString(src.resolve("src/main/resources/app.properties"), "greeting=hello from maven\n");
        Files.writeString(src.resolve("src/main/java/demo/Main.java"), """
                package demo;
                public class Main {
                    public static void main(String[] args) throws Exception {
                        var p = new java.util.Properties();
                        p.load(Main.class.getResourceAsStream("/app.properties"));
                        System.out.println(p.getProperty("greeting") + " / "
                                + org.slf4j.LoggerFactory.class.getSimpleName());
                    }
                }
                """);
        BuiltImage built = builder().prepare(BuildRequest.builder(src, tmp.resolve("work")).build())
                .toTar(tmp.resolve("svc.tar"), "example.org/svc:1");
        assertEquals("maven", built.builder());
        assertEquals(List.of("dependencies", "resources", "classes"), built.layers());
        assertTrue(built.baseImage().startsWith("local:jre17@sha256:"), built.baseImage());
        OciTar oci = new OciTar(built.tar());
        assertTrue(oci.allEntries().containsKey("app/libs/slf4j-api-2.0.17.jar"));
        assertTrue(oci.allEntries().containsKey("app/resources/app.properties"));
        assertTrue(oci.allEntries().containsKey("app/classes/demo/Main.class"));
        assertTrue(events.stream().anyMatch(e -> e.contains("mvnw")), "the project's own wrapper was used");
        RootFs.Result run = runImage(built, tmp.resolve("rootfs"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("hello from maven / LoggerFactory"), run.output());
    }

    @Test
    void nodeProjectGetsNodeModulesInItsOwnLayerAndRunsOnTheNodeBase() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("greet"));
        Files.writeString(lib.resolve("package.json"), "{\"name\":\"greet\",\"version\":\"1.0.0\",\"main\":\"index.js\"}");
        Files.writeString(lib.resolve("index.js"), "module.exports = n => 'hello ' + n;\n");
        Process pack = new ProcessBuilder("npm", "pack", "--silent").directory(lib.toFile()).redirectErrorStream(true)
                .start();
        String packOut = new String(pack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pack.waitFor(), packOut);
        Path tgz = lib.resolve("greet-1.0.0.tgz");
        Path src = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(src.resolve("package.json"), "{\"name\":\"web\",\"version\":\"1.0.0\",\"main\":\"server.js\","
                + "\"dependencies\":{\"greet\":\"file:" + tgz + "\"},\"devDependencies\":{}}");
        Files.writeString(src.resolve("server.js"), "console.log(require('greet')('from node'));\n");
        Files.createDirectories(src.resolve("node_modules/stale"));
        Files.writeString(src.resolve("node_modules/stale/x.js"), "// must not be copied from the tree\n");
        BuiltImage built = builder().prepare(BuildRequest.builder(src, tmp.resolve("work")).build())
                .toTar(tmp.resolve("web.tar"), "example.org/web:1");
        assertEquals("node", built.builder());
        assertEquals(List.of("node_modules", "app"), built.layers());
        OciTar oci = new OciTar(built.tar());
        int nodeModulesLayer = oci.layers.size() - 2;
        assertTrue(oci.layers.get(nodeModulesLayer).containsKey("app/node_modules/greet/index.js"),
                oci.layers.get(nodeModulesLayer).keySet().toString());
        assertTrue(!oci.allEntries().containsKey("app/node_modules/stale/x.js"), "tree's node_modules ignored");
        RootFs.Result run = runImage(built, tmp.resolve("rootfs"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("hello from node"), run.output());
    }

    @Test
    void goProjectBecomesAStaticBinaryOnScratchReproducibly() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("gosvc"));
        Files.writeString(src.resolve("go.mod"), "module example.org/gosvc\n\ngo 1.19\n");
        Files.writeString(src.resolve("main.go"), """
                package main

                import "fmt"

                func main() { fmt.Println("hello from go") }
                """);
        // the first build fills an empty Go build cache, the second reuses it: a warm cache gives the same binary
        Path goCache = tmp.resolve("go-cache");
        ImageBuilder withCache = new ImageBuilder(bases, BaseImageResolver.NONE, listener, false,
                Map.of(GoStrategy.CACHE_ENV, goCache.toString()));
        BuiltImage first = withCache.prepare(BuildRequest.builder(src, tmp.resolve("w1")).build())
                .toTar(tmp.resolve("go1.tar"), "example.org/go:1");
        try (java.util.stream.Stream<Path> cached = Files.list(goCache)) {
            assertTrue(cached.findAny().isPresent(), "the build cache named by " + GoStrategy.CACHE_ENV + " is used");
        }
        BuiltImage second = withCache.prepare(BuildRequest.builder(src, tmp.resolve("w2")).build())
                .toTar(tmp.resolve("go2.tar"), "example.org/go:1");
        assertEquals("go", first.builder());
        assertEquals("scratch", first.baseImage());
        assertEquals(first.digest(), second.digest(), "go builds are reproducible, cold cache or warm");
        RootFs.Result run = runImage(first, tmp.resolve("rootfs"));
        assertEquals(0, run.exit(), run.output());
        assertEquals("hello from go", run.output().strip());
    }

    @Test
    void goMainAndLdflagsOptionsBuildTheNamedPackageWithTheFlags() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("gomulti/cmd/server"));
        src = tmp.resolve("gomulti");
        Files.writeString(src.resolve("go.mod"), "module example.org/gomulti\n\ngo 1.19\n");
        Files.writeString(src.resolve("cmd/server/main.go"), """
                package main

                import "fmt"

                var version = "dev"

                func main() { fmt.Println("server " + version) }
                """);
        BuiltImage built = builder().prepare(BuildRequest.builder(src, tmp.resolve("work"))
                .options(BuilderOptions.builder().goMain("cmd/server")
                        .goLdflags(List.of("-X", "main.version=1.2.3")).build()).build())
                .toTar(tmp.resolve("gomulti.tar"), "example.org/gomulti:1");
        assertEquals("go", built.builder());
        RootFs.Result run = runImage(built, tmp.resolve("rootfs"));
        assertEquals(0, run.exit(), run.output());
        assertEquals("server 1.2.3", run.output().strip());
    }

    @Test
    void goTagsSelectGuardedFilesAndGoEnvReachesTheCompiler() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("gotags"));
        Files.writeString(src.resolve("go.mod"), "module example.org/gotags\n\ngo 1.19\n");
        Files.writeString(src.resolve("main.go"), """
                package main

                import "fmt"

                var edition = "free"
                var experiment = "off"

                func main() { fmt.Println(edition + " " + experiment) }
                """);
        Files.writeString(src.resolve("premium.go"), """
                //go:build premium

                package main

                func init() { edition = "premium" }
                """);
        // GOEXPERIMENT=fieldtrack sets the goexperiment.fieldtrack build tag, so this file shows the variable
        // reached the compiler (the program itself cannot see the build's environment)
        Files.writeString(src.resolve("experiment.go"), """
                //go:build goexperiment.fieldtrack

                package main

                func init() { experiment = "on" }
                """);
        BuiltImage plain = builder().prepare(BuildRequest.builder(src, tmp.resolve("w1")).build())
                .toTar(tmp.resolve("plain.tar"), "example.org/gotags:1");
        RootFs.Result run = runImage(plain, tmp.resolve("rootfs1"));
        assertEquals(0, run.exit(), run.output());
        assertEquals("free off", run.output().strip());

        BuiltImage tagged = builder().prepare(BuildRequest.builder(src, tmp.resolve("w2"))
                .options(BuilderOptions.builder().go(new BuilderOptions.Go("", List.of(), List.of("premium"),
                        Map.of("GOEXPERIMENT", "fieldtrack"))).build()).build())
                .toTar(tmp.resolve("tagged.tar"), "example.org/gotags:2");
        run = runImage(tagged, tmp.resolve("rootfs2"));
        assertEquals(0, run.exit(), run.output());
        assertEquals("premium on", run.output().strip());
    }

    @Test
    void pythonRequirementsAreInstalledIntoTheirOwnLayer() throws Exception {
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        writeWheel(wheels.resolve("greet-1.0-py3-none-any.whl"));
        Path src = Files.createDirectories(tmp.resolve("py"));
        Files.writeString(src.resolve("requirements.txt"), "--no-index\n--find-links " + wheels + "\ngreet==1.0\n");
        Files.writeString(src.resolve("main.py"), "import greet\nprint(greet.hello())\n");
        BuiltImage built = builder().prepare(BuildRequest.builder(src, tmp.resolve("work"))
                .baseImage("local:busybox").build()).toTar(tmp.resolve("py.tar"), "example.org/py:1");
        assertEquals("python", built.builder());
        assertEquals(List.of("site-packages", "app"), built.layers());
        OciTar oci = new OciTar(built.tar());
        assertTrue(oci.allEntries().containsKey("app/site-packages/greet/__init__.py"),
                oci.allEntries().keySet().stream().filter(k -> k.startsWith("app/")).collect(Collectors.toList())
                        .toString());
        assertTrue(StreamSupport.stream(oci.config.path("config").path("Env").spliterator(), false)
                .anyMatch(n -> n.asText().equals("PYTHONPATH=/app/site-packages:/app")));
    }

    @Test
    void pythonWithoutABaseImageSaysWhatToSet() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("py"));
        Files.writeString(src.resolve("requirements.txt"), "# nothing\n");
        BuildException e = org.junit.jupiter.api.Assertions.assertThrows(BuildException.class,
                () -> builder().prepare(BuildRequest.builder(src, tmp.resolve("work")).build()));
        assertEquals(BuildException.Reason.UNKNOWN_BASE_IMAGE, e.reason());
        assertTrue(e.getMessage().contains("build.baseImage"), e.getMessage());
    }

    @Test
    void failingMavenBuildShowsTheLastLinesAndTheFix() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(src.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>x</groupId><artifactId>y</artifactId><version>1</version><broken></project>");
        Path repoRoot = Path.of("..").toAbsolutePath().normalize();
        Files.copy(repoRoot.resolve("mvnw"), src.resolve("mvnw"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(src.resolve(".mvn/wrapper"));
        Files.copy(repoRoot.resolve(".mvn/wrapper/maven-wrapper.properties"),
                src.resolve(".mvn/wrapper/maven-wrapper.properties"));
        BuildException e = org.junit.jupiter.api.Assertions.assertThrows(BuildException.class,
                () -> builder().prepare(BuildRequest.builder(src, tmp.resolve("work")).build()));
        assertEquals(BuildException.Reason.TOOL_FAILED, e.reason());
        assertTrue(e.getMessage().contains("fix the Maven build"), e.getMessage());
        assertTrue(e.getMessage().contains("Last output"), e.getMessage());
    }

    /** A minimal pure-Python wheel, written by hand (no setuptools or PyPI needed). */
    static void writeWheel(Path file) throws IOException {
        String init = "def hello():\n    return 'hello from python'\n";
        String metadata = "Metadata-Version: 2.1\nName: greet\nVersion: 1.0\n";
        String wheel = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n";
        String record = "greet/__init__.py," + hash(init) + "," + init.length() + "\n"
                + "greet-1.0.dist-info/METADATA," + hash(metadata) + "," + metadata.length() + "\n"
                + "greet-1.0.dist-info/WHEEL," + hash(wheel) + "," + wheel.length() + "\n"
                + "greet-1.0.dist-info/RECORD,,\n";
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (var e : List.of(Map.entry("greet/__init__.py", init), Map.entry("greet-1.0.dist-info/METADATA", metadata),
                    Map.entry("greet-1.0.dist-info/WHEEL", wheel), Map.entry("greet-1.0.dist-info/RECORD", record))) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
