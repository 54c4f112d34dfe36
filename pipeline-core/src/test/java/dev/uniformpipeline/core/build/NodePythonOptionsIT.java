package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build.node} and {@code build.python} options with the real npm and pip, no registry needed: the node app
 * has no dependencies, and pip installs a wheel the test writes, from a folder ({@code --no-index --find-links}).
 */
class NodePythonOptionsIT {
    @TempDir
    Path tmp;

    final RecordingListener listener = new RecordingListener();
    final List<String> events = listener.events;

    OciTar build(Path src, String builder, BuilderOptions options) throws Exception {
        BuiltImage built = new ImageBuilder(new LocalBaseImages(tmp.resolve("bases")), BaseImageResolver.NONE,
                listener).prepare(BuildRequest.builder(src, tmp.resolve("work")).builder(builder)
                        .baseImage("scratch").options(options).build())
                .toTar(tmp.resolve(builder + ".tar"), "example.org/" + builder + ":1");
        return new OciTar(built.tar());
    }

    static List<String> entrypoint(OciTar oci) {
        List<String> out = new ArrayList<>();
        oci.config.path("config").path("Entrypoint").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void nodeBuildScriptOutputIsInTheAppLayerAndTheServeScriptIsTheEntrypoint() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("node"));
        Files.writeString(src.resolve("package.json"), """
                { "name": "app", "version": "1.0.0",
                  "scripts": { "build": "node build.js", "serve": "node dist/server.js --port 3000" } }
                """);
        Files.writeString(src.resolve("build.js"), """
                const fs = require('fs');
                fs.mkdirSync('dist', { recursive: true });
                fs.writeFileSync('dist/server.js', '// built by npm run build\\n');
                """);
        OciTar oci = build(src, "node", BuilderOptions.builder().node(new BuilderOptions.Node("serve", "build",
                "auto", true, "")).build());
        assertEquals(List.of("node", "dist/server.js", "--port", "3000"), entrypoint(oci));
        Map<String, OciTar.Entry> app = oci.layers.get(oci.layers.size() - 1);
        assertEquals("// built by npm run build\n", new String(app.get("app/dist/server.js").content(),
                StandardCharsets.UTF_8));
        assertTrue(events.contains("running npm run build in " + tmp.resolve("work/node-build")), events.toString());
        assertFalse(Files.exists(src.resolve("dist")), "the build ran in a private copy, not in the source tree");
    }

    /** A minimal pure-Python wheel (a zip with the package and its dist-info), so pip needs no index. */
    static void wheel(Path file, String name, String version) throws Exception {
        Files.createDirectories(file.getParent());
        String info = name + "-" + version + ".dist-info/";
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put(name + "/__init__.py", "VERSION = '" + version + "'\n");
        entries.put(info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        entries.put(info + "RECORD", name + "/__init__.py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info
                + "RECORD,,\n");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void pythonRequirementsFileAndPipArgsInstallIntoTheSitePackagesLayer() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("py"));
        Files.writeString(src.resolve("main.py"), "import tinypkg\nprint(tinypkg.VERSION)\n");
        Files.createDirectories(src.resolve("req"));
        Files.writeString(src.resolve("req/prod.txt"), "tinypkg==1.0\n");
        Path wheels = tmp.resolve("wheels");
        wheel(wheels.resolve("tinypkg-1.0-py3-none-any.whl"), "tinypkg", "1.0");
        OciTar oci = build(src, "python", BuilderOptions.builder().python(new BuilderOptions.Python("req/prod.txt",
                List.of(), List.of("--no-index", "--find-links", wheels.toString()))).build());
        assertEquals(List.of("python3", "main.py"), entrypoint(oci));
        Map<String, OciTar.Entry> sitePackages = oci.layers.get(oci.layers.size() - 2);
        assertTrue(sitePackages.containsKey("app/site-packages/tinypkg/__init__.py"), sitePackages.keySet()
                .toString());
        assertTrue(oci.layers.get(oci.layers.size() - 1).containsKey("app/req/prod.txt"), "the app layer");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("running python3 -m pip install") && e.contains(
                "--no-index --find-links " + wheels + " -r req/prod.txt")), events.toString());
    }
}
