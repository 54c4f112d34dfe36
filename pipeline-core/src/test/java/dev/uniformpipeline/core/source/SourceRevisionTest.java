package dev.uniformpipeline.core.source;

import dev.uniformpipeline.core.spec.SemVer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The revision's variables and labels for the tag policy. */
class SourceRevisionTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private static SourceRevision revision(String branch, String tag) {
        return new SourceRevision(Path.of("."), "", SHA, branch, tag, "Ada Lovelace", "ada@example.org",
                Instant.parse("2026-12-31T23:30:00Z"), false);
    }

    @Test
    void variablesCoverTheTagPolicyAndComeFromTheCommit() {
        Map<String, String> v = revision("feature/Login-Page", "v1.2.3-rc.1+build.5").variables();
        assertEquals(SHA, v.get("git.sha"));
        assertEquals("0123456", v.get("git.shortSha"));
        assertEquals("feature/Login-Page", v.get("git.branch"));
        assertEquals("feature-login-page", v.get("git.branchSlug"));
        assertEquals("v1.2.3-rc.1+build.5", v.get("git.tag"));
        assertEquals("1.2.3-rc.1", v.get("git.semver"));
        assertEquals("1.2.3-rc.1", v.get("git.semverMajor"), "a pre-release never moves the major tag");
        assertEquals("1.2.3-rc.1", v.get("git.semverMinor"), "a pre-release never moves the minor tag");
        assertEquals("Ada Lovelace", v.get("git.author"));
        assertEquals("2026-12-31T23:30:00Z", v.get("git.commitTime"));
        assertEquals("20261231", v.get("git.date"));
        assertEquals("20261231233000", v.get("git.timestamp"));
        assertEquals("false", v.get("git.dirty"));
    }

    @Test
    void theVersionLabelIsSetOnlyForASemverTag() {
        assertEquals("1.2.3-rc.1+build.5",
                revision("main", "v1.2.3-rc.1+build.5").ociLabels().get("org.opencontainers.image.version"));
        assertEquals("4.0.0", revision("main", "4.0.0").ociLabels().get("org.opencontainers.image.version"));
        assertFalse(revision("main", "nightly").ociLabels().containsKey("org.opencontainers.image.version"));
        assertFalse(revision("main", "").ociLabels().containsKey("org.opencontainers.image.version"));
        assertFalse(revision("main", "nightly").variables().containsKey("git.semver"));
    }

    @Test
    void severalTagsOnOneCommitPreferTheHighestSemanticVersion() {
        assertEquals("v1.0.0", SemVer.preferredTag(List.of("v1.0.0-rc.1", "v1.0.0", "v1.0.0-beta", "a-nightly")));
        assertEquals("1.0.0-alpha.10", SemVer.preferredTag(List.of("1.0.0-alpha.2", "1.0.0-alpha.10")));
        assertEquals("1.0.0-beta", SemVer.preferredTag(List.of("1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-1")));
        assertEquals("v10.0.0", SemVer.preferredTag(List.of("v9.9.9", "v10.0.0")));
        assertEquals("alpha", SemVer.preferredTag(List.of("zeta", "alpha")));
        assertEquals("", SemVer.preferredTag(List.of()));
    }

    @Test
    void aCheckedOutCommitWithSeveralTagsUsesItsSemverTag(@TempDir Path dir) throws Exception {
        try (TestRepos.Repo repo = TestRepos.create(dir.resolve("repo"))) {
            Git git = repo.git;
            git.tag().setName("green-build").setObjectId(repo.c3).call();
            git.tag().setName("v2.1.0").setAnnotated(true).setMessage("2.1.0").setObjectId(repo.c3)
                    .setTagger(TestRepos.ident(200)).call();
            git.tag().setName("v2.1.0-rc.2").setObjectId(repo.c3).call();
            SourceRevision rev = new CheckoutService(CheckoutListener.NONE)
                    .checkout(CheckoutRequest.builder(repo.fileUrl()).ref("main").directory(dir.resolve("out"))
                            .build());
            assertEquals(repo.c3.name(), rev.sha());
            assertEquals("v2.1.0", rev.tag());
            assertEquals("2.1.0", rev.variables().get("git.semver"));
            assertEquals("2", rev.variables().get("git.semverMajor"));
            assertEquals("2.1", rev.variables().get("git.semverMinor"));
            // committer time of c3 is T0 + 120 s, whatever the clock says now
            assertEquals("20260102030605", rev.variables().get("git.timestamp"));
            assertEquals("20260102", rev.variables().get("git.date"));
            assertEquals("2.1.0", rev.ociLabels().get("org.opencontainers.image.version"));
            SourceRevision local = new CheckoutService(CheckoutListener.NONE)
                    .checkout(CheckoutRequest.builder(repo.dir.toString()).build());
            assertEquals("v2.1.0", local.tag(), "the local working tree picks the same tag as a clone");
        }
    }
}
