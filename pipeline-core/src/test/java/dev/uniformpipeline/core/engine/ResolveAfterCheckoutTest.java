package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.spec.ResolvedPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkout stage resolves the real pipeline file's variables against the commit for the later stages. */
class ResolveAfterCheckoutTest {
    @TempDir
    Path dir;

    private RunRequest request(String yaml) throws Exception {
        Files.writeString(dir.resolve("pipeline.yml"), yaml);
        return new RunRequest(dir.resolve("pipeline.yml"), "pipeline.yml", dir, Optional.empty(), Map.of(),
                List.of("staging"), Map.of("BUILD_NUMBER", "42"), false, List.of(), Map.of(), Optional.empty(),
                Stage.VERIFY, RunStart.fromSource());
    }

    private String example() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/spec/basic.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Engine engine(StageWorks works) {
        return new Engine(new SpecPipelineLoader(), Engine.NOT_IMPLEMENTED_PLANNER, Engine.NOT_IMPLEMENTED_RENDERER,
                works, Clock.systemUTC(), Duration.ofSeconds(10));
    }

    @Test
    void laterStagesSeeTagsAndTargetsResolvedAgainstTheCheckedOutCommit() throws Exception {
        AtomicReference<PipelineDefinition.ImageRef> buildSaw = new AtomicReference<>();
        AtomicReference<ResolvedPipeline> deploySaw = new AtomicReference<>();
        StageWorks works = new StageWorks(Fixtures.CHECKOUT_OK,
                (source, image, ctx) -> {
                    buildSaw.set(image);
                    return Fixtures.BUILD_OK.build(source, image, ctx);
                },
                Fixtures.PUSH_OK,
                (source, target, image, ctx) -> {
                    deploySaw.set(source.pipeline().orElseThrow());
                    return Fixtures.DEPLOY_OK.deploy(source, target, image, ctx);
                },
                Fixtures.VERIFY_OK);

        RunReport report = engine(works).start(request(example())).await();

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(List.of(Fixtures.SHA, "build-42"), buildSaw.get().tags());
        assertEquals(List.of(Fixtures.SHA, "build-42"), report.image().orElseThrow().tags());
        assertEquals("/uniform/orders/staging",
                deploySaw.get().target("staging").service().logging().group());
    }

    @Test
    void aVariableTheCommitCannotResolveFailsCheckoutAsInvalidInput() throws Exception {
        String yaml = example().replace("tags: [\"${git.sha}\", \"build-${env.BUILD_NUMBER:-0}\"]",
                "tags: [\"${git.tag}\"]");
        assertTrue(yaml.contains("${git.tag}"));

        RunReport report = engine(Fixtures.allSucceed()).start(request(yaml)).await();

        assertEquals(RunReport.RunStatus.FAILED, report.status());
        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(Stage.CHECKOUT, failure.stage());
        assertEquals(PipelineException.Kind.INVALID_INPUT, failure.kind());
        assertTrue(failure.message().contains("git.tag"), failure.message());
    }
}
