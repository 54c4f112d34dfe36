package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each kind of engine event becomes one console line. */
class ConsoleRendererTest {
    @Test
    void eventsBecomeHeadersProgressOutcomesAndLogLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleRenderer r = new ConsoleRenderer(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Instant t = Instant.parse("2026-11-27T08:30:00Z");
        Optional<String> staging = Optional.of("staging");

        r.onEvent(new PipelineEvent.RunStarted(t, "run-1", "orders", List.of(Stage.values()), List.of("staging"), false));
        r.onEvent(new PipelineEvent.StageStarted(t, Stage.PUSH, Optional.empty()));
        r.onEvent(new PipelineEvent.StageProgress(t, Stage.PUSH, Optional.empty(), "layer 2/4", 50));
        r.onEvent(new PipelineEvent.StageProgress(t, Stage.PUSH, Optional.empty(), "waiting", -1));
        r.onEvent(new PipelineEvent.StageFinished(t, Stage.PUSH, Optional.empty(), Duration.ofMillis(2500)));
        r.onEvent(new PipelineEvent.StageStarted(t, Stage.DEPLOY, staging));
        r.onEvent(new PipelineEvent.LogLine(t, Stage.DEPLOY, staging, PipelineEvent.Level.WARN, "slow start"));
        r.onEvent(new PipelineEvent.StageFailed(t, Stage.VERIFY, staging, Duration.ofSeconds(130),
                RunReport.StageStatus.TIMED_OUT, PipelineException.Kind.PIPELINE_FAILED, "no healthy targets"));
        r.onEvent(new PipelineEvent.StageSkipped(t, Stage.VERIFY, Optional.of("prod"), "not run: deploy failed"));

        assertEquals(List.of(
                "[uniform] run run-1 of pipeline 'orders' to staging (stages: checkout, build, push, deploy, verify)",
                "[uniform] ===== push =====",
                "[uniform] push: layer 2/4 (50%)",
                "[uniform] push: waiting",
                "[uniform] push succeeded in 2.5s",
                "[uniform] ===== deploy [staging] =====",
                "[uniform] WARN [deploy [staging]] slow start",
                "[uniform] verify [staging] TIMED OUT after 2m10s: no healthy targets",
                "[uniform] verify [prod] skipped: not run: deploy failed"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
