package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-builder options of the pipeline file change what the builders put in the image and how it starts. */
class BuilderOptionsTest {
    @TempDir
    Path tmp;

    private OciTar build(Path src, String builder, BuilderOptions options) throws Exception {
        BuiltImage built = new ImageBuilder(new LocalBaseImages(tmp.resolve("bases")), BaseImageResolver.NONE,
                BuildListener.NONE).prepare(BuildRequest.builder(src, tmp.resolve("work-" + builder)).builder(builder)
                        .baseImage("scratch").options(options).build())
                .toTar(tmp.resolve(builder + ".tar"), "example.org/" + builder + ":1");
        return new OciTar(built.tar());
    }

    private static List<String> entrypoint(OciTar oci) {
        List<String> out = new ArrayList<>();
        oci.config.path("config").path("Entrypoint").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void jar(Path file, String marker) throws Exception {
        Files.createDirectories(file.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry("marker.txt"));
            out.write(marker.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void jarPathPicksOneOfSeveralJarsAndJvmFlagsComeBeforeJar() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("jars"));
        jar(src.resolve("target/app-1.0.jar"), "app");
        jar(src.resolve("target/tool-1.0.jar"), "tool");
        OciTar oci = build(src, "jar", BuilderOptions.builder().jarPath("target/tool-1.0.jar")
                .jvmFlags(List.of("-XX:MaxRAMPercentage=75", "-Dfoo=bar")).build());
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-Dfoo=bar", "-jar", "/app/app.jar"), entrypoint(oci));
        byte[] jarInImage = oci.allEntries().get("app/app.jar").content();
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(src.resolve("target/tool-1.0.jar")), jarInImage),
                "the named jar, not the other one");
    }

    @Test
    void severalJarsWithoutAPathAndAMissingPathAreErrorsNamingTheField() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("jars"));
        jar(src.resolve("target/a.jar"), "a");
        jar(src.resolve("target/b.jar"), "b");
        BuildException missing = assertThrows(BuildException.class,
                () -> build(src, "jar", BuilderOptions.builder().jarPath("target/c.jar").build()));
        assertTrue(missing.getMessage().contains("build.jar.path"), missing.getMessage());
        assertThrows(BuildException.class, () -> build(src, "jar", BuilderOptions.NONE));
    }

    @Test
    void staticDirChoosesTheSiteFolderOverTheDetectedOne() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("site"));
        Files.createDirectories(src.resolve("public"));
        Files.writeString(src.resolve("public/index.html"), "detected");
        Files.createDirectories(src.resolve("docs/out"));
        Files.writeString(src.resolve("docs/out/index.html"), "chosen");
        OciTar chosen = build(src, "static", BuilderOptions.builder().staticDir("docs/out/").build());
        assertEquals("chosen", new String(chosen.allEntries().get("srv/www/index.html").content(),
                StandardCharsets.UTF_8));
        BuildException e = assertThrows(BuildException.class,
                () -> build(src, "static", BuilderOptions.builder().staticDir("nowhere").build()));
        assertTrue(e.getMessage().contains("build.static.dir"), e.getMessage());
    }

    @Test
    void nodeStartNamesTheScriptNodeRuns() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(src.resolve("package.json"), "{\"name\":\"web\",\"version\":\"1.0.0\",\"main\":\"index.js\"}");
        Files.createDirectories(src.resolve("dist"));
        Files.writeString(src.resolve("dist/server.js"), "console.log('hi')\n");
        OciTar oci = build(src, "node", BuilderOptions.builder().nodeStart("dist/server.js").build());
        assertEquals(List.of("node", "dist/server.js"), entrypoint(oci));
        assertEquals(List.of("node", "index.js"), entrypoint(build(src, "node", BuilderOptions.NONE)));
        BuildException e = assertThrows(BuildException.class,
                () -> build(src, "node", BuilderOptions.builder().nodeStart("dist/missing.js").build()));
        assertTrue(e.getMessage().contains("build.node.start"), e.getMessage());
    }

    @Test
    void pythonModuleOrScriptSetsWhatPythonRuns() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("py"));
        Files.writeString(src.resolve("requirements.txt"), "# stdlib only\n");
        Files.writeString(src.resolve("main.py"), "print('main')\n");
        Files.createDirectories(src.resolve("svc"));
        Files.writeString(src.resolve("svc/__main__.py"), "print('svc')\n");
        Files.writeString(src.resolve("serve.py"), "print('serve')\n");
        assertEquals(List.of("python3", "-m", "svc"),
                entrypoint(build(src, "python", BuilderOptions.builder().pythonModule("svc").build())));
        assertEquals(List.of("python3", "serve.py"),
                entrypoint(build(src, "python", BuilderOptions.builder().pythonScript("serve.py").build())));
        assertEquals(List.of("python3", "main.py"), entrypoint(build(src, "python", BuilderOptions.NONE)));
        assertThrows(IllegalArgumentException.class,
                () -> BuilderOptions.builder().pythonModule("svc").pythonScript("serve.py").build());
        BuildException e = assertThrows(BuildException.class,
                () -> build(src, "python", BuilderOptions.builder().pythonScript("nope.py").build()));
        assertTrue(e.getMessage().contains("build.python.script"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
