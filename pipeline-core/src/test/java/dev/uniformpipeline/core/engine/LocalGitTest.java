package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.spec.GitInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalGitTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "fedcba9876543210fedcba9876543210fedcba98";

    @TempDir
    Path dir;

    private Path write(String relative, String text) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aBranchWithALooseRefFromASubdirectory() throws Exception {
        write("repo/.git/HEAD", "ref: refs/heads/main\n");
        write("repo/.git/refs/heads/main", A + "\n");
        Files.createDirectories(dir.resolve("repo/deploy"));

        assertEquals(Optional.of(new GitInfo(A, "main", null)), LocalGit.head(dir.resolve("repo/deploy")));
    }

    @Test
    void aBranchOnlyInPackedRefs() throws Exception {
        write("repo/.git/HEAD", "ref: refs/heads/release/1.x\n");
        write("repo/.git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + B + " refs/heads/main\n"
                + A + " refs/heads/release/1.x\n");

        assertEquals(Optional.of(new GitInfo(A, "release/1.x", null)), LocalGit.head(dir.resolve("repo")));
    }

    @Test
    void aDetachedHead() throws Exception {
        write("repo/.git/HEAD", B + "\n");

        assertEquals(Optional.of(new GitInfo(B, null, null)), LocalGit.head(dir.resolve("repo")));
    }

    @Test
    void aLinkedWorktreeReadsItsOwnHeadAndTheCommonRefs() throws Exception {
        write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/feature\n");
        write("main/.git/worktrees/wt/commondir", "../..\n");
        write("main/.git/refs/heads/feature", B + "\n");
        write("wt/.git", "gitdir: " + dir.resolve("main/.git/worktrees/wt") + "\n");

        assertEquals(Optional.of(new GitInfo(B, "feature", null)), LocalGit.head(dir.resolve("wt")));
    }

    @Test
    void noRepositoryOrAnUnbornBranchIsEmpty() throws Exception {
        assertEquals(Optional.empty(), LocalGit.head(dir));
        write("repo/.git/HEAD", "ref: refs/heads/main\n");
        assertEquals(Optional.empty(), LocalGit.head(dir.resolve("repo")));
    }
}
