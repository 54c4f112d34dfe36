package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.RunReport.StageStatus;
import dev.uniformpipeline.core.api.RunReport.TargetOutcome;
import dev.uniformpipeline.core.api.Stage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The verdict says, per target, where a run that did not succeed left it. */
class VerdictsTest {
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    private static RunReport.TargetReport target(String name, TargetOutcome outcome, boolean deployStarted) {
        RunReport.StageReport deploy = new RunReport.StageReport(Stage.DEPLOY, Optional.of(name),
                deployStarted ? StageStatus.CANCELLED : StageStatus.SKIPPED,
                deployStarted ? Optional.of(T) : Optional.empty(), Optional.empty(), Optional.empty());
        RunReport.StageReport verify = new RunReport.StageReport(Stage.VERIFY, Optional.of(name), StageStatus.SKIPPED,
                Optional.empty(), Optional.empty(), Optional.empty());
        return new RunReport.TargetReport(name, "eks", outcome, Optional.empty(), List.of(deploy, verify));
    }

    @Test
    void eachTargetSaysWhetherItWasTouched() {
        RunReport r = new RunReport(1, "id", "orders", "pipeline.yml", Optional.empty(), false,
                RunReport.RunStatus.CANCELLED, T, T, Optional.empty(), Optional.empty(), List.of(),
                List.of(target("a", TargetOutcome.CANCELLED, true), target("b", TargetOutcome.CANCELLED, false),
                        target("c", TargetOutcome.ROLLED_BACK, true), target("d", TargetOutcome.SUCCEEDED, true)),
                Optional.empty(), Optional.of(new RunReport.Cancellation(T, "aborted", Optional.of(Stage.DEPLOY),
                List.of("a"))));

        assertEquals(List.of(
                "Uniform Pipeline CANCELLED: pipeline 'orders' while deploy [a] was running (aborted)",
                "  target a (eks): cancelled; its deploy was stopped while running",
                "  target b (eks): cancelled; not changed (its deploy never started)",
                "  target c (eks): rolled_back; the previous version serves again",
                "  target d (eks): succeeded"), Verdicts.lines(r));
    }
}
