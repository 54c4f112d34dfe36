package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.source.LocalHead;
import dev.uniformpipeline.core.spec.GitInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the commit a local working tree is on for {@code render}, {@code plan} and deploy-only runs, which do not
 * check out: with JGit ({@link LocalHead}: sha, branch, the tag at HEAD, author and commit time, so that
 * {@code ${git.tag}}, {@code ${git.semver}} and {@code ${git.date}} preview as the run will resolve them). When JGit
 * cannot read the repository (objects it cannot parse, a layout it does not know), the sha and branch are read
 * straight from {@code .git} (HEAD, loose refs, packed-refs) instead. No repository at all gives empty.
 */
final class LocalGit {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private LocalGit() {
    }

    static Optional<GitInfo> head(Path start) {
        Optional<GitInfo> full = LocalHead.read(start);
        return full.isPresent() ? full : refsOnly(start);
    }

    /** Sha and branch from the files under {@code .git}; no tag, author or time. */
    static Optional<GitInfo> refsOnly(Path start) {
        try {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return read(dotGit, dotGit);
                }
                if (Files.isRegularFile(dotGit)) { // a worktree: "gitdir: <path>"
                    String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                    if (!line.startsWith("gitdir:")) {
                        return Optional.empty();
                    }
                    Path gitDir = dir.resolve(line.substring("gitdir:".length()).trim()).normalize();
                    Path commonFile = gitDir.resolve("commondir");
                    Path common = Files.isRegularFile(commonFile)
                            ? gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).trim()).normalize()
                            : gitDir;
                    return read(gitDir, common);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<GitInfo> read(Path gitDir, Path commonDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (SHA.matcher(head).matches()) {
            return Optional.of(new GitInfo(head, null, null));
        }
        if (!head.startsWith("ref: ")) {
            return Optional.empty();
        }
        String ref = head.substring("ref: ".length()).trim();
        String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null;
        for (Path dir : new Path[] {gitDir, commonDir}) {
            Path loose = dir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = Files.readString(loose, StandardCharsets.UTF_8).trim();
                return SHA.matcher(sha).matches() ? Optional.of(new GitInfo(sha, branch, null)) : Optional.empty();
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref) && SHA.matcher(line.substring(0, 40)).matches()) {
                    return Optional.of(new GitInfo(line.substring(0, 40), branch, null));
                }
            }
        }
        return Optional.empty(); // an unborn branch
    }
}
