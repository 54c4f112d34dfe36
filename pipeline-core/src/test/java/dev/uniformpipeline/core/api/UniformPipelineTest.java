package dev.uniformpipeline.core.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public entry point, used as a caller would, on a real pipeline file. */
class UniformPipelineTest {
    @TempDir
    Path dir;

    private Path example() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/spec/basic.yml")) {
            Path file = dir.resolve("pipeline.yml");
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return file;
        }
    }

    @Test
    void validateSummarisesTheSelectedTargets() throws Exception {
        example();
        ValidationResult result = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(dir)
                .environment(Map.of()).targets("prod-eks", "staging").build().validate();

        assertTrue(result.valid(), result.toJson());
        assertEquals("orders", result.pipeline().orElseThrow());
        assertEquals(List.of(new ValidationResult.TargetSummary("staging", "fargate"),
                new ValidationResult.TargetSummary("prod-eks", "eks")), result.targets());
    }

    @Test
    void validateReturnsEveryProblemInsteadOfThrowing() throws Exception {
        Files.writeString(example(), Files.readString(dir.resolve("pipeline.yml")).replace("replicas: 2", "replicas: -1")
                .replace("port: 8080", "prot: 8080"));

        ValidationResult result = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(dir)
                .environment(Map.of()).build().validate();

        assertFalse(result.valid());
        assertTrue(result.problems().size() >= 2, result.toJson());
        assertTrue(result.problems().stream().allMatch(p -> p.file().equals("pipeline.yml") && p.line() > 0),
                result.toJson());
    }

    @Test
    void startRefusesAnInvalidFileBeforeAnythingRuns() throws Exception {
        Files.writeString(example(), "apiVersion: uniform.dev/v1\nkind: Pipeline\nname: x\n");
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();

        UniformPipeline pipeline = UniformPipeline.builder().pipelineFile(dir.resolve("pipeline.yml"))
                .eventListener(events::add).environment(Map.of()).build();

        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, pipeline::start);
        assertFalse(e.problems().isEmpty());
        assertTrue(events.isEmpty());
    }

    @Test
    void aRunOfThisBuildFailsAtCheckoutWithAClearMessageAndEmitsEvents() throws Exception {
        example();
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();

        RunReport report = UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(dir)
                .environment(Map.of()).eventListener(events::add).runTimeout(Duration.ofMinutes(1)).build().run();

        assertEquals(RunReport.RunStatus.FAILED, report.status());
        // the checkout is real: a directory that is not a git working tree is refused with the fix
        assertTrue(report.failure().orElseThrow().message().contains("is not inside a git working tree"),
                report.failure().orElseThrow().message());
        assertInstanceOf(PipelineEvent.RunStarted.class, events.get(0));
        assertInstanceOf(PipelineEvent.RunFinished.class, events.get(events.size() - 1));
    }

    @Test
    void theBuilderRejectsWhatCannotWork() {
        assertThrows(IllegalStateException.class, () -> UniformPipeline.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> UniformPipeline.builder().stageTimeout(Stage.BUILD, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> UniformPipeline.builder().runTimeout(Duration.ofSeconds(-1)));
    }
}
