package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A cheap fingerprint of files: SHA-256 over each file's path, size and modification time (not its content), the
 * way make and Gradle decide a quick up-to-date check. Any edit, addition, removal or rename changes it. Symbolic
 * links are not followed; their target text counts instead.
 */
final class Fingerprint {
    private final MessageDigest digest;

    private Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static Fingerprint start() {
        return new Fingerprint();
    }

    /** Adds a free-form value (a command line, an environment variable). */
    Fingerprint add(String name, String value) {
        update("v " + name + "=" + value);
        return this;
    }

    /**
     * Adds every file under {@code dir} (paths relative to {@code dir}), skipping directories {@code skipDir}
     * accepts. A missing {@code dir} is recorded as missing.
     */
    Fingerprint tree(String name, Path dir, Predicate<Path> skipDir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            update("t " + name + " missing");
            return this;
        }
        List<String> lines = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir) && skipDir.test(d)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                lines.add("d " + rel(d));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    lines.add("l " + rel(f) + " " + Files.readSymbolicLink(f));
                } else {
                    lines.add("f " + rel(f) + " " + attrs.size() + " " + attrs.lastModifiedTime().toInstant());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed while walking: the next fingerprint differs anyway
                }
                throw e;
            }

            private String rel(Path p) {
                return dir.relativize(p).toString().replace('\\', '/');
            }
        });
        lines.sort(null);
        update("t " + name + " " + lines.size());
        lines.forEach(this::update);
        return this;
    }

    /** Adds single files by absolute path (size and time, or "missing"). */
    Fingerprint files(String name, Collection<Path> files) throws IOException {
        update("s " + name + " " + files.size());
        for (Path f : files) {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                update("f " + f + " " + a.size() + " " + a.lastModifiedTime().toInstant());
            } else {
                update("f " + f + " missing");
            }
        }
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void update(String line) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }
}
