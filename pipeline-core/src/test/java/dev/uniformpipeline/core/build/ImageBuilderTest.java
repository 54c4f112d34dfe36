package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
    @TempDir
    static Path shared;
    static LocalBaseImages bases;
    static BaseImage.Local busybox;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBusyboxBase() throws Exception {
        bases = new LocalBaseImages(shared.resolve("bases"));
        Path bin = Path.of("/bin/busybox");
        assertTrue(Files.isExecutable(bin), "these tests need Debian's busybox-static (/bin/busybox)");
        busybox = new BaseImageMaker(bases, shared.resolve("maker"), BuildListener.NONE).busybox(bin);
    }

    private ImageBuilder builder() {
        return new ImageBuilder(bases, BaseImageResolver.NONE, BuildListener.NONE);
    }

    private Path appTree(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n");
        dir.resolve("bin/run.sh").toFile().setExecutable(true);
        Files.writeString(dir.resolve("conf/app.conf"), "port=8080\n");
        return dir;
    }

    private BuildRequest.Builder explicit(Path src, Path work) {
        return BuildRequest.builder(src, work).layer("bin", "bin", "/app/bin").layer("conf", "conf", "/app/conf")
                .entrypoint(List.of("/app/bin/run.sh")).port(8080)
                .label("org.opencontainers.image.revision", "abc123")
                .label("org.opencontainers.image.source", "https://git.example.org/app.git");
    }

    @Test
    void explicitLayersOnScratchCarryLabelsUserPortAndEpochCreation() throws Exception {
        Path src = appTree(tmp.resolve("src"));
        PreparedImage prepared = builder().prepare(explicit(src, tmp.resolve("work")).build());
        BuiltImage built = prepared.toTar(tmp.resolve("out/image.tar"), "example.org/app:1");
        OciTar oci = new OciTar(built.tar());
        assertEquals(built.digest(), oci.manifestDigest);
        assertEquals("layers", built.builder());
        assertEquals(List.of("bin", "conf"), built.layers());
        assertEquals("scratch", built.baseImage());
        assertEquals("abc123", oci.label("org.opencontainers.image.revision"));
        assertEquals("https://git.example.org/app.git", oci.label("org.opencontainers.image.source"));
        assertEquals("1970-01-01T00:00:00Z", oci.label("org.opencontainers.image.created"));
        assertEquals("1970-01-01T00:00:00Z", oci.config.path("created").asText());
        assertEquals("65532:65532", oci.config.path("config").path("User").asText());
        assertTrue(oci.config.path("config").path("ExposedPorts").has("8080/tcp"), oci.config.toString());
        assertEquals("/app/bin/run.sh", oci.config.path("config").path("Entrypoint").get(0).asText());
        OciTar.Entry run = oci.allEntries().get("app/bin/run.sh");
        assertNotNull(run, oci.allEntries().keySet().toString());
        assertEquals(0755, run.mode() & 0777);
        assertEquals(0644, oci.allEntries().get("app/conf/app.conf").mode() & 0777);
        assertEquals("#!/bin/sh\necho hi\n", new String(run.content(), StandardCharsets.UTF_8));
    }

    @Test
    void sameInputsGiveTheSameDigestRegardlessOfPathsAndFileTimes() throws Exception {
        Path a = appTree(tmp.resolve("a"));
        Path b = appTree(tmp.resolve("elsewhere/b"));
        Files.setLastModifiedTime(b.resolve("conf/app.conf"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        BuiltImage first = builder().prepare(explicit(a, tmp.resolve("w1")).build())
                .toTar(tmp.resolve("1.tar"), "example.org/app:1");
        BuiltImage second = builder().prepare(explicit(b, tmp.resolve("w2")).build())
                .toTar(tmp.resolve("2.tar"), "example.org/app:1");
        assertEquals(first.digest(), second.digest());
        Files.writeString(b.resolve("conf/app.conf"), "port=9090\n");
        BuiltImage changed = builder().prepare(explicit(b, tmp.resolve("w3")).build())
                .toTar(tmp.resolve("3.tar"), "example.org/app:1");
        assertNotEquals(first.digest(), changed.digest());
    }

    @Test
    void symlinkOutsideTheSourceTreeNeverReachesTheImage() throws Exception {
        Path src = appTree(tmp.resolve("src"));
        Path secret = Files.writeString(tmp.resolve("id_rsa"), "PRIVATE KEY MATERIAL");
        Files.createSymbolicLink(src.resolve("conf/key"), secret);
        Files.createSymbolicLink(src.resolve("conf/passwd"), Path.of("/etc/passwd"));
        BuiltImage built = builder().prepare(explicit(src, tmp.resolve("work")).build())
                .toTar(tmp.resolve("image.tar"), "example.org/app:1");
        OciTar oci = new OciTar(built.tar());
        assertFalse(oci.allEntries().containsKey("app/conf/key"));
        assertFalse(oci.allEntries().containsKey("app/conf/passwd"));
        for (OciTar.Entry e : oci.allEntries().values()) {
            assertFalse(new String(e.content(), StandardCharsets.UTF_8).contains("PRIVATE KEY MATERIAL"), e.name());
        }
        assertEquals(List.of("conf/key", "conf/passwd"), built.skippedLinks().stream().sorted().toList());
    }

    @Test
    void staticSiteIsDetectedAndServedByBusyboxFromTheLocalBase() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("site/public"));
        Files.writeString(src.resolve("index.html"), "<h1>hello</h1>");
        BuiltImage built = builder().prepare(BuildRequest.builder(tmp.resolve("site"), tmp.resolve("work")).build())
                .toTar(tmp.resolve("site.tar"), "example.org/site:1");
        assertEquals("static", built.builder());
        assertEquals("local:busybox@" + busybox.digest(), built.baseImage());
        OciTar oci = new OciTar(built.tar());
        assertEquals(busybox.digest(), oci.label("org.opencontainers.image.base.digest"));
        assertTrue(oci.allEntries().containsKey("bin/busybox"), "base layer present");
        assertTrue(oci.allEntries().containsKey("srv/www/index.html"));
        assertEquals("httpd", oci.config.path("config").path("Entrypoint").get(1).asText());
        assertEquals("65532:65532", oci.config.path("config").path("User").asText());
    }

    @Test
    void plainJarIsDetectedAndRunWithJavaJar() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("jarapp"));
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "demo.Main");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(src.resolve("demo-1.0.jar")), mf)) {
            out.putNextEntry(new JarEntry("demo/readme.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
        }
        BuiltImage built = builder().prepare(BuildRequest.builder(src, tmp.resolve("work")).baseImage("scratch").build())
                .toTar(tmp.resolve("jar.tar"), "example.org/jar:1");
        assertEquals("jar", built.builder());
        OciTar oci = new OciTar(built.tar());
        assertTrue(oci.allEntries().containsKey("app/app.jar"));
        assertEquals(List.of("java", "-jar", "/app/app.jar"),
                List.of(oci.config.path("config").path("Entrypoint").get(0).asText(),
                        oci.config.path("config").path("Entrypoint").get(1).asText(),
                        oci.config.path("config").path("Entrypoint").get(2).asText()));
    }

    @Test
    void cmdAndWorkingDirectoryOverridesAreApplied() throws Exception {
        Path src = appTree(tmp.resolve("src"));
        BuiltImage built = builder().prepare(explicit(src, tmp.resolve("work")).cmd(List.of("--port", "8080"))
                .workingDir("/app/conf").build()).toTar(tmp.resolve("image.tar"), "example.org/app:1");
        var config = new OciTar(built.tar()).config.path("config");
        assertEquals("--port", config.path("Cmd").get(0).asText());
        assertEquals("8080", config.path("Cmd").get(1).asText());
        assertEquals("/app/conf", config.path("WorkingDir").asText());
    }

    @Test
    void explicitRootUserIsKept() throws Exception {
        Path src = appTree(tmp.resolve("src"));
        BuiltImage built = builder().prepare(explicit(src, tmp.resolve("work")).user("root").build())
                .toTar(tmp.resolve("image.tar"), "example.org/app:1");
        assertEquals("root", new OciTar(built.tar()).config.path("config").path("User").asText());
    }

    @Test
    void unknownBuilderAndEmptyTreeAreClearErrors() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        BuildException none = assertThrows(BuildException.class,
                () -> builder().prepare(BuildRequest.builder(empty, tmp.resolve("w")).build()));
        assertEquals(BuildException.Reason.NO_BUILDER, none.reason());
        assertTrue(none.getMessage().contains("build.builder"), none.getMessage());
        BuildException unknown = assertThrows(BuildException.class,
                () -> builder().prepare(BuildRequest.builder(empty, tmp.resolve("w")).builder("ant").build()));
        assertTrue(unknown.getMessage().contains("unknown builder 'ant'"), unknown.getMessage());
    }

    @Test
    void missingLocalBaseNamesTheStoreAndTheFix() throws Exception {
        Path src = appTree(tmp.resolve("src"));
        BuildException e = assertThrows(BuildException.class, () -> builder()
                .prepare(explicit(src, tmp.resolve("w")).baseImage("local:jre99").build()));
        assertEquals(BuildException.Reason.UNKNOWN_BASE_IMAGE, e.reason());
        assertTrue(e.getMessage().contains("jre99") && e.getMessage().contains("busybox"), e.getMessage());
    }

    @Test
    void registryBaseWithoutRegistryAccessIsAClearError() throws Exception {
        Path src = appTree(tmp.resolve("src"));
        BuildException e = assertThrows(BuildException.class, () -> builder()
                .prepare(explicit(src, tmp.resolve("w")).baseImage("eclipse-temurin:21-jre").build()));
        assertEquals(BuildException.Reason.UNKNOWN_BASE_IMAGE, e.reason());
    }

    @Test
    void workDirInsideTheSourceTreeIsRejected() throws Exception {
        Path src = appTree(tmp.resolve("src"));
        BuildException e = assertThrows(BuildException.class,
                () -> builder().prepare(explicit(src, src.resolve("work")).build()));
        assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
    }

    @Test
    void missingWellKnownLocalBaseIsMadeOnFirstUseWhenAllowed() throws Exception {
        LocalBaseImages empty = new LocalBaseImages(tmp.resolve("empty-store"));
        Path src = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(src.resolve("index.html"), "<p>x</p>");
        BuildException refused = assertThrows(BuildException.class, () -> new ImageBuilder(empty,
                BaseImageResolver.NONE, BuildListener.NONE).prepare(BuildRequest.builder(src, tmp.resolve("w1")).build()));
        assertEquals(BuildException.Reason.UNKNOWN_BASE_IMAGE, refused.reason());
        PreparedImage made = new ImageBuilder(empty, BaseImageResolver.NONE, BuildListener.NONE, true, Map.of())
                .prepare(BuildRequest.builder(src, tmp.resolve("w2")).build());
        assertEquals(busybox.digest(), made.base().digest(), "the same busybox base, made on demand");
        assertTrue(empty.has("busybox"));
    }

    @Test
    void busyboxBaseIsReproducible() throws Exception {
        LocalBaseImages other = new LocalBaseImages(tmp.resolve("other-bases"));
        BaseImage.Local again = new BaseImageMaker(other, tmp.resolve("m2"), BuildListener.NONE)
                .busybox(Path.of("/bin/busybox"));
        assertEquals(busybox.digest(), again.digest());
    }
}
