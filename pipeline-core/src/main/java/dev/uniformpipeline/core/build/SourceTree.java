package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Stream;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks a directory inside the source tree and lists its files for a layer, with the symlink rule: a link whose
 * target lies outside the source-tree root is never followed (it is skipped and reported through the listener); a
 * link inside the tree is followed (its target's content is copied), with cycle protection.
 */
public final class SourceTree {
    private final Path root;
    private final Path realRoot;
    private final BuildListener listener;
    private final List<String> skipped = new ArrayList<>();

    public SourceTree(Path root, BuildListener listener) throws BuildException {
        this.root = root.toAbsolutePath().normalize();
        this.listener = Objects.requireNonNull(listener, "listener");
        try {
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read the source tree " + root + ": "
                    + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Paths (relative to the root) of the symlinks that were skipped because they point outside the tree. */
    public List<String> skippedLinks() {
        return List.copyOf(skipped);
    }

    /** Whether {@code relative} (a path under the root) exists, without following an outside link. */
    public boolean has(String relative) {
        Path p = root.resolve(relative);
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && inside(p);
    }

    /**
     * Lists the files under {@code relativeDir} (or the single file {@code relativeDir}) as entries under
     * {@code targetDir}, skipping paths {@code exclude} accepts (tested on the path relative to the root, with
     * '/' separators).
     */
    public List<LayerSpec.Entry> entries(String relativeDir, String targetDir, Predicate<String> exclude)
            throws BuildException {
        Path start = root.resolve(relativeDir).normalize();
        if (!start.startsWith(root)) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "layer source '" + relativeDir
                    + "' is outside the source tree " + root + "; use a path inside it");
        }
        List<LayerSpec.Entry> out = new ArrayList<>();
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "layer source '" + relativeDir
                    + "' does not exist in " + root);
        }
        String base = targetDir.endsWith("/") && targetDir.length() > 1
                ? targetDir.substring(0, targetDir.length() - 1) : targetDir;
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(start)) {
            out.add(new LayerSpec.Entry(start, base, Files.isExecutable(start)));
            return out;
        }
        try {
            collect(start, relative(start), "", base, exclude, out, new HashSet<>());
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read " + start + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Adds the files of {@code physicalDir} (whose logical path relative to the root is {@code logicalRel} and
     * relative to the layer's start is {@code startRel}).
     */
    private void collect(Path physicalDir, String logicalRel, String startRel, String targetBase,
                         Predicate<String> exclude, List<LayerSpec.Entry> out, Set<Path> visited) throws IOException {
        Path realDir = physicalDir.toRealPath();
        if (!visited.add(realDir)) {
            skip(logicalRel, "directory symlink cycle");
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(physicalDir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String rel = logicalRel.isEmpty() ? name : logicalRel + "/" + name;
            String relFromStart = startRel.isEmpty() ? name : startRel + "/" + name;
            if (exclude.test(rel)) {
                continue;
            }
            String target = (targetBase.equals("/") ? "" : targetBase) + "/" + relFromStart;
            Path content = child;
            if (Files.isSymbolicLink(child)) {
                try {
                    content = child.toRealPath();
                } catch (IOException dangling) {
                    skip(rel, "dangling symlink");
                    continue;
                }
                if (!content.startsWith(realRoot)) {
                    skip(rel, "symlink pointing outside the source tree (to " + Files.readSymbolicLink(child) + ")");
                    continue;
                }
            }
            if (Files.isDirectory(content)) {
                collect(content, rel, relFromStart, targetBase, exclude, out, visited);
            } else if (Files.isRegularFile(content)) {
                out.add(new LayerSpec.Entry(content, target, Files.isExecutable(content)));
            }
        }
        visited.remove(realDir); // only ancestors count: a second link to the same directory is a copy, not a cycle
    }

    private void skip(String rel, String why) {
        skipped.add(rel);
        listener.warning("skipped " + rel + ": " + why + "; it is not copied into the image");
    }

    private boolean inside(Path p) {
        try {
            return p.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    private String relative(Path logical) {
        return root.relativize(logical).toString().replace('\\', '/');
    }

}
