package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();
    private final BuildListener listener = new BuildListener() {
        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    };

    @Test
    void symlinkOutsideTheTreeIsSkippedAndReported() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "do not ship");
        Files.writeString(src.resolve("a.txt"), "a");
        Files.createSymbolicLink(src.resolve("leak.txt"), secret);
        Files.createSymbolicLink(src.resolve("etc"), Path.of("/etc"));
        SourceTree tree = new SourceTree(src, listener);
        List<String> targets = tree.entries(".", "/app", rel -> false).stream().map(LayerSpec.Entry::target).toList();
        assertEquals(List.of("/app/a.txt"), targets);
        assertEquals(List.of("etc", "leak.txt"), tree.skippedLinks().stream().sorted().toList());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("leak.txt") && w.contains("outside")), warnings.toString());
    }

    @Test
    void relativeSymlinkEscapingWithDotDotIsSkipped() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(tmp.resolve("outside.txt"), "x");
        Files.createSymbolicLink(src.resolve("up.txt"), Path.of("../../outside.txt"));
        SourceTree tree = new SourceTree(tmp.resolve("src"), listener);
        assertTrue(tree.entries(".", "/app", rel -> false).isEmpty());
        assertEquals(List.of("sub/up.txt"), tree.skippedLinks());
    }

    @Test
    void symlinkInsideTheTreeIsCopiedAsItsTarget() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/conf"));
        Files.writeString(src.resolve("app.conf"), "port=1");
        Files.createSymbolicLink(tmp.resolve("src/current.conf"), Path.of("conf/app.conf"));
        Files.createSymbolicLink(tmp.resolve("src/confdir"), Path.of("conf"));
        SourceTree tree = new SourceTree(tmp.resolve("src"), listener);
        List<LayerSpec.Entry> entries = tree.entries(".", "/app", rel -> false);
        List<String> targets = entries.stream().map(LayerSpec.Entry::target).sorted().toList();
        assertEquals(List.of("/app/conf/app.conf", "/app/confdir/app.conf", "/app/current.conf"), targets);
        assertTrue(tree.skippedLinks().isEmpty());
    }

    @Test
    void directoryLinkCycleIsCutNotFollowedForever() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/a"));
        Files.writeString(src.resolve("f.txt"), "f");
        Files.createSymbolicLink(src.resolve("loop"), Path.of(".."));
        SourceTree tree = new SourceTree(tmp.resolve("src"), listener);
        List<String> targets = tree.entries(".", "/app", rel -> false).stream().map(LayerSpec.Entry::target).toList();
        assertEquals(List.of("/app/a/f.txt"), targets);
        assertEquals(List.of("a/loop"), tree.skippedLinks());
    }

    @Test
    void layerSourceOutsideTheTreeIsRejected() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        SourceTree tree = new SourceTree(src, listener);
        BuildException e = assertThrows(BuildException.class, () -> tree.entries("../", "/app", rel -> false));
        assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("outside the source tree"), e.getMessage());
    }

    @Test
    void standardExcludesDropVcsAndCaches() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/.git"));
        Files.writeString(src.resolve("HEAD"), "ref");
        Files.createDirectories(tmp.resolve("src/pkg/__pycache__"));
        Files.writeString(tmp.resolve("src/pkg/__pycache__/m.cpython-311.pyc"), "x");
        Files.writeString(tmp.resolve("src/pkg/m.py"), "print(1)");
        SourceTree tree = new SourceTree(tmp.resolve("src"), listener);
        List<String> targets = tree.entries(".", "/app", Excludes.standard()).stream().map(LayerSpec.Entry::target)
                .toList();
        assertEquals(List.of("/app/pkg/m.py"), targets);
    }
}
