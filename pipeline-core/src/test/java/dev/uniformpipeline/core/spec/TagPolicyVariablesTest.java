package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tag policy's {@code ${git.*}} variables: derived from the commit, tag-safe, with defaults. */
class TagPolicyVariablesTest {
    static final String SHA = "4f2a9c1e0b7d3a5f6e8c9b0a1d2e3f4a5b6c7d8e";
    static final Instant TIME = Instant.parse("2026-03-04T23:59:58Z");

    private static LoadedPipeline withTags(String... tags) throws InvalidPipelineException {
        String list = String.join(", ", java.util.Arrays.stream(tags).map(t -> "\"" + t + "\"").toList());
        return PipelineLoader.builder().content("inline.yml", """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: web
                image: {registry: "localhost:5000", repository: web, tags: [%s]}
                service: {port: 80, env: {AUTHOR: "${git.author}", BUILT_FROM: "${git.commitTime}"}}
                targets: [{name: k8s, type: eks, region: us-east-1, cluster: c1}]
                """.formatted(list)).build().load();
    }

    private static List<String> tags(GitInfo git, String... tags) throws InvalidPipelineException {
        return withTags(tags).resolve(git).spec().image().tags();
    }

    private static GitInfo git(String branch, String tag) {
        return new GitInfo(SHA, branch, tag, "Ada Lovelace", TIME);
    }

    @Test
    void dateAndTimestampComeFromTheCommitTimeInUtc() throws Exception {
        assertEquals(List.of("20260304", "20260304235958"),
                tags(git("main", null), "${git.date}", "${git.timestamp}"));
        GitInfo other = new GitInfo(SHA, "main", null, "x", Instant.parse("2026-03-05T00:00:01Z"));
        assertEquals(List.of("20260305"), tags(other, "${git.date}"));
    }

    @Test
    void authorAndCommitTimeAreUsableInTextFields() throws Exception {
        ResolvedPipeline r = withTags("${git.sha}").resolve(git("main", null));
        assertEquals("Ada Lovelace", r.spec().service().env().get("AUTHOR"));
        assertEquals("2026-03-04T23:59:58Z", r.spec().service().env().get("BUILT_FROM"));
    }

    @Test
    void branchSlugMakesAnyBranchATag() throws Exception {
        assertEquals(List.of("feature-login-page"), tags(git("feature/Login-Page", null), "${git.branchSlug}"));
        assertEquals("fix-jira-12-a_b.c", GitInfo.slug("Fix//JIRA-12 (a_b.c)"));
        assertEquals("release", GitInfo.slug("--Release--"));
        assertEquals("dep-x", GitInfo.slug(".dep@x"));
        String longBranch = "feature/" + "a".repeat(200);
        String slug = GitInfo.slug(longBranch);
        assertEquals(128, slug.length());
        assertTrue(Validator.TAG.matcher(slug).matches());
        assertEquals(List.of(slug), tags(git(longBranch, null), "${git.branchSlug}"));
    }

    @Test
    void branchSlugOnADetachedHeadIsAnErrorUnlessItHasADefault() throws Exception {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> tags(git(null, null), "${git.branchSlug}"));
        assertTrue(e.getMessage().contains("'${git.branchSlug}' has no value: HEAD is detached"), e.getMessage());
        assertEquals(List.of("detached"), tags(git(null, null), "${git.branchSlug:-detached}"));
    }

    @Test
    void semverComesFromTheTagWithoutVAndWithoutBuildMetadata() throws Exception {
        String[] policy = {"${git.semver}", "${git.semverMinor}", "${git.semverMajor}"};
        assertEquals(List.of("1.2.3", "1.2", "1"), tags(git("main", "v1.2.3"), policy));
        assertEquals(List.of("1.2.3", "1.2", "1"), tags(git("main", "1.2.3"), policy));
        assertEquals(List.of("10.0.7"), tags(git("main", "v10.0.7+build.5"), "${git.semver}"));
    }

    @Test
    void aPrereleaseDoesNotMoveTheMajorAndMinorTags() throws Exception {
        // semverMajor/semverMinor give the full pre-release version; the repeated value is pushed once
        assertEquals(List.of("1.2.3-rc.1", "abc"),
                tags(git("main", "v1.2.3-rc.1+build.5"), "${git.semver}", "${git.semverMinor}", "${git.semverMajor}",
                        "abc"));
    }

    @Test
    void theSameTagWrittenTwiceIsStillReportedAsListedTwice() throws Exception {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> tags(git("main", null), "${git.sha}", "${git.sha}"));
        assertTrue(e.getMessage().contains("is listed twice"), e.getMessage());
        assertEquals(List.of("main"), tags(git("main", null), "${git.branch}", "${git.branchSlug}"));
    }

    @Test
    void aTagThatIsNotSemverIsAnErrorNamingTheTagUnlessADefaultIsGiven() throws Exception {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> tags(git("main", "release-2026"), "${git.semver}"));
        assertEquals("inline.yml:4:61: image.tags[0]: '${git.semver}' has no value: tag 'release-2026' on the"
                + " checked-out commit is not a semantic version (tag the release like v1.2.3 or 1.2.3-rc.1, or give a"
                + " default: ${git.semver:-0.0.0})", e.problems().get(0).format());
        assertEquals(List.of("0.0.0-dev"), tags(git("main", "release-2026"), "${git.semver:-0.0.0-dev}"));
        assertEquals(List.of("none"), tags(git("main", null), "${git.semverMajor:-none}"));
        InvalidPipelineException none = assertThrows(InvalidPipelineException.class,
                () -> tags(git("main", null), "${git.semverMinor}"));
        assertTrue(none.getMessage().contains("no tag points at the checked-out commit"), none.getMessage());
    }

    @Test
    void semverParsingFollowsSemverOrg() {
        SemVer v = SemVer.parse("v1.2.3-rc.1+build.5").orElseThrow();
        assertEquals(new SemVer(1, 2, 3, "rc.1", "build.5"), v);
        assertEquals("1.2.3-rc.1", v.tag());
        assertEquals("1.2.3-rc.1+build.5", v.full());
        assertTrue(v.isPrerelease());
        assertEquals("0.1.0", SemVer.parse("0.1.0").orElseThrow().tag());
        for (String bad : List.of("v1.2", "1.2.3.4", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "release-1", "vv1.2.3",
                "1.2.3-rc..1", "99999999999999999999.0.0")) {
            assertFalse(SemVer.parse(bad).isPresent(), bad);
        }
    }

    @Test
    void commitTimeVariablesAreErrorsWhenTheTimeIsUnknown() throws Exception {
        GitInfo noTime = new GitInfo(SHA, "main", null);
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> tags(noTime, "${git.date}"));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).format().contains("image.tags[0]: '${git.date}' has no value: the commit time"
                + " is not known"), e.getMessage());
        assertTrue(e.problems().get(1).format().contains("service.env.AUTHOR: '${git.author}' has no value"),
                e.getMessage());
        assertTrue(e.problems().get(2).format().contains("service.env.BUILT_FROM: '${git.commitTime}' has no value"),
                e.getMessage());
        GitInfo known = new GitInfo(SHA, "main", null, "A", null);
        InvalidPipelineException onlyTime = assertThrows(InvalidPipelineException.class,
                () -> tags(known, "${git.date:-nodate}"));
        assertEquals(1, onlyTime.problems().size(), onlyTime.getMessage());
    }

    @Test
    void misspelledNewVariablesGetASuggestion() {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> withTags("${git.branchslug}", "${git.semvar}", "${git.timestmap}"));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).format().contains("did you mean '${git.branchSlug}'?"), e.getMessage());
        assertTrue(e.problems().get(1).format().contains("did you mean '${git.semver}'?"), e.getMessage());
        assertTrue(e.problems().get(2).format().contains("did you mean '${git.timestamp}'?"), e.getMessage());
    }

    @Test
    void anInvalidResolvedTagNamesTheFieldTheValueAndTheFix() {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> tags(git("feature/login", null), "${git.branch}"));
        String msg = e.problems().get(0).format();
        assertTrue(msg.contains("image.tags[0]: 'feature/login' is not a valid image tag"), msg);
        assertTrue(msg.contains("use ${git.branchSlug}"), msg);
    }

    @Test
    void variablesListsEveryValueTheCommitHas() {
        var vars = git("feature/X", "v2.0.0").variables();
        assertEquals("feature-x", vars.get("git.branchSlug"));
        assertEquals("2.0.0", vars.get("git.semver"));
        assertEquals("2", vars.get("git.semverMajor"));
        assertEquals("2.0", vars.get("git.semverMinor"));
        assertEquals("20260304", vars.get("git.date"));
        assertEquals("20260304235958", vars.get("git.timestamp"));
        assertEquals("2026-03-04T23:59:58Z", vars.get("git.commitTime"));
        assertEquals("Ada Lovelace", vars.get("git.author"));
        assertEquals(Interpolator.GIT.stream().sorted().toList(), vars.keySet().stream().sorted().toList(),
                "every documented git variable has a value for a tagged commit on a branch");
        assertFalse(git(null, "nightly").variables().containsKey("git.semver"));
    }

    @Test
    void everyGitVariableIsDocumentedInTheReference() throws Exception {
        String reference = java.nio.file.Files.readString(java.nio.file.Path.of("../templates/REFERENCE.md"));
        for (String name : Interpolator.GIT) {
            assertTrue(reference.contains("`${" + name + "}`"), name + " is missing from templates/REFERENCE.md");
        }
    }
}
