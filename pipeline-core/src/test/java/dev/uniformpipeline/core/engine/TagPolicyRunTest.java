package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose checkout is the real JGit checkout of a tagged commit resolves the tag policy
 * ({@code ${git.sha}}, {@code ${git.branchSlug}}, {@code ${git.semver}}, {@code ${git.date}}) from that commit.
 */
class TagPolicyRunTest {
    static final Instant COMMITTED = Instant.parse("2026-02-03T22:15:00Z");

    @TempDir
    Path dir;

    private String pipeline(String tags) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/spec/basic.yml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String withTags = yaml.replace("tags: [\"${git.sha}\", \"build-${env.BUILD_NUMBER:-0}\"]", "tags: " + tags)
                    .replace("source: { git: \".\", ref: main }", "source: { git: \".\" }")
                    // branch, date and major-version tags move: ECR must let them (the loader refuses IMMUTABLE)
                    .replace("tagMutability: IMMUTABLE", "tagMutability: MUTABLE");
            assertTrue(withTags.contains(tags) && withTags.contains("source: { git: \".\" }")
                    && withTags.contains("tagMutability: MUTABLE"), "fixture changed");
            return withTags;
        }
    }

    /** A repository on branch feature/Login-Page whose one commit holds the pipeline file and carries {@code tag}. */
    private RevCommit repository(String yaml, String tag) throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("feature/Login-Page").call()) {
            Files.writeString(dir.resolve("pipeline.yml"), yaml);
            git.add().addFilepattern(".").call();
            // committed in another zone: the date is still the UTC date of the commit
            PersonIdent who = new PersonIdent("Grace Hopper", "grace@example.org", COMMITTED,
                    ZoneOffset.ofHours(5));
            RevCommit c = git.commit().setMessage("release").setAuthor(who).setCommitter(who).setSign(false).call();
            git.tag().setName(tag).setAnnotated(true).setMessage(tag).setTagger(who).setObjectId(c).call();
            return c;
        }
    }

    private RunReport run(AtomicReference<PipelineDefinition.ImageRef> buildSaw) throws Exception {
        StageWorks works = new StageWorks(Fixtures.CHECKOUT_OK, Fixtures.BUILD_OK, Fixtures.PUSH_OK,
                Fixtures.DEPLOY_OK, Fixtures.VERIFY_OK, (pipeline, request) -> {
                    ImageStageWorks real = new ImageStageWorks(pipeline, request);
                    return new StageWorks(real::checkout, (source, image, ctx) -> {
                        buildSaw.set(image);
                        return Fixtures.BUILD_OK.build(source, image, ctx);
                    }, Fixtures.PUSH_OK, Fixtures.DEPLOY_OK, Fixtures.VERIFY_OK);
                });
        Engine engine = new Engine(new SpecPipelineLoader(), Engine.NOT_IMPLEMENTED_PLANNER,
                Engine.NOT_IMPLEMENTED_RENDERER, works, Clock.systemUTC(), Duration.ofSeconds(60));
        RunRequest request = new RunRequest(dir.resolve("pipeline.yml"), "pipeline.yml", dir, Optional.empty(),
                Map.of(), List.of("staging"), Map.of(), false, List.of(), Map.of(), Optional.empty(),
                Stage.VERIFY, RunStart.fromSource());
        return engine.start(request).await();
    }

    @Test
    void aTaggedCommitOnAFeatureBranchGivesShaSlugSemverAndCommitDateTags() throws Exception {
        RevCommit commit = repository(pipeline(
                "[\"${git.sha}\", \"${git.branchSlug}\", \"${git.semver}\", \"${git.date}\"]"), "v1.4.2");
        AtomicReference<PipelineDefinition.ImageRef> buildSaw = new AtomicReference<>();

        RunReport report = run(buildSaw);

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        List<String> expected = List.of(commit.name(), "feature-login-page", "1.4.2", "20260203");
        assertEquals(expected, buildSaw.get().tags());
        assertEquals(expected, report.image().orElseThrow().tags());
    }

    @Test
    void aTagThatIsNotSemverFailsTheCheckoutNamingTheTag() throws Exception {
        repository(pipeline("[\"${git.sha}\", \"${git.semver}\"]"), "release-candidate");

        RunReport report = run(new AtomicReference<>());

        assertEquals(RunReport.RunStatus.FAILED, report.status());
        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(Stage.CHECKOUT, failure.stage());
        assertEquals(PipelineException.Kind.INVALID_INPUT, failure.kind());
        assertTrue(failure.message().contains("tag 'release-candidate' on the checked-out commit is not a semantic"
                + " version"), failure.message());
    }

    @Test
    void renderWithoutACheckoutStillResolvesCommitTimeAndAuthorTags() throws Exception {
        // no repository at all: render reads HEAD without JGit and uses placeholders, as for the sha
        Files.writeString(dir.resolve("pipeline.yml"), pipeline("[\"${git.sha}\", \"${git.date}\"]")
                .replace("SPRING_PROFILES_ACTIVE: prod", "SPRING_PROFILES_ACTIVE: prod, BUILT_BY: \"${git.author}\""));
        Engine engine = new Engine(new SpecPipelineLoader(), Engine.NOT_IMPLEMENTED_PLANNER, new SpecRendering(),
                Fixtures.allSucceed(), Clock.systemUTC(), Duration.ofSeconds(60));
        RunRequest request = new RunRequest(dir.resolve("pipeline.yml"), "pipeline.yml", dir, Optional.empty(),
                Map.of(), List.of("staging"), Map.of(), false, List.of(), Map.of(), Optional.empty(),
                Stage.VERIFY, RunStart.fromSource());

        var rendering = engine.render(request);

        assertEquals(1, rendering.targets().size());
        String all = rendering.targets().get(0).toString();
        assertTrue(all.contains("BUILT_BY") && all.contains("unknown"), all);
    }

    private List<dev.uniformpipeline.core.api.Rendering.RenderedTarget> render() throws Exception {
        Engine engine = new Engine(new SpecPipelineLoader(), Engine.NOT_IMPLEMENTED_PLANNER, new SpecRendering(),
                Fixtures.allSucceed(), Clock.systemUTC(), Duration.ofSeconds(60));
        RunRequest request = new RunRequest(dir.resolve("pipeline.yml"), "pipeline.yml", dir, Optional.empty(),
                Map.of(), List.of("staging"), Map.of(), false, List.of(), Map.of(), Optional.empty(),
                Stage.VERIFY, RunStart.fromSource());
        return engine.render(request).targets();
    }

    /** The pipeline with {@code tags} and env values showing what the git variables resolved to. */
    private String pipelineShowing(String tags) throws Exception {
        return pipeline(tags).replace("SPRING_PROFILES_ACTIVE: prod", "SPRING_PROFILES_ACTIVE: prod,"
                + " SHOWN_VERSION: \"v=${git.semver}\", SHOWN_DATE: \"d=${git.date}\","
                + " SHOWN_AUTHOR: \"a=${git.author}\"");
    }

    @Test
    void renderOfATaggedHeadResolvesSemverAndTheCommitDateLikeTheRun() throws Exception {
        // the tag, author and time come from the repository (read with JGit), not from placeholders
        repository(pipelineShowing("[\"${git.sha}\", \"${git.semver}\", \"${git.date}\"]"), "v1.2.3");

        List<dev.uniformpipeline.core.api.Rendering.RenderedTarget> targets = render();

        assertEquals(1, targets.size());
        String all = targets.get(0).toString();
        assertTrue(all.contains("v=1.2.3"), all);
        assertTrue(all.contains("d=20260203"), all); // the UTC date of a commit made at 03:15 on the 4th in +05:00
        assertTrue(all.contains("a=Grace Hopper"), all);
    }

    @Test
    void renderPrefersTheHighestSemverWhenSeveralTagsPointAtHead() throws Exception {
        RevCommit c = repository(pipelineShowing("[\"${git.semver}\"]"), "v1.2.3");
        try (Git git = Git.open(dir.toFile())) {
            git.tag().setName("v1.10.0").setObjectId(c).setAnnotated(false).call(); // lightweight
            git.tag().setName("nightly").setObjectId(c).setAnnotated(false).call();
        }

        String all = render().get(0).toString();

        assertTrue(all.contains("v=1.10.0"), all);
    }

    @Test
    void renderOfAnUntaggedHeadStillFailsNamingTheVariableAndTheFix() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("pipeline.yml"), pipelineShowing("[\"${git.semver}\"]"));
            git.add().addFilepattern(".").call();
            git.commit().setMessage("untagged").setSign(false).call();
        }

        PipelineException e = org.junit.jupiter.api.Assertions.assertThrows(PipelineException.class, this::render);

        String message = e.getMessage();
        assertTrue(message.contains("${git.semver}") && message.contains("no tag points at"), message);
        assertTrue(message.contains("${git.semver:-"), "the fix names a default: " + message);
    }
}
