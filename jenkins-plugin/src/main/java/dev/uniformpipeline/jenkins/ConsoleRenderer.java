package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineEventListener;
import dev.uniformpipeline.core.api.Stage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders pipeline-core's events as build console lines: a header per stage, progress, outcomes, the verdict. */
public final class ConsoleRenderer implements PipelineEventListener {
    static final String PREFIX = "[uniform] ";
    private final PrintStream out;

    public ConsoleRenderer(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEvent(PipelineEvent event) {
        if (event instanceof PipelineEvent.RunStarted e) {
            line("run " + e.runId() + " of pipeline '" + e.pipeline() + "'"
                    + (e.targets().isEmpty() ? "" : " to " + String.join(", ", e.targets()))
                    + " (stages: " + e.stages().stream().map(Stage::id).collect(Collectors.joining(", ")) + ")"
                    + (e.dryRun() ? ", dry run: nothing is pushed or deployed" : ""));
        } else if (event instanceof PipelineEvent.StageStarted e) {
            line("===== " + name(e.current(), e.target()) + " =====");
        } else if (event instanceof PipelineEvent.StageProgress e) {
            line(name(e.current(), e.target()) + ": " + e.message() + (e.percent() >= 0 ? " (" + e.percent() + "%)" : ""));
        } else if (event instanceof PipelineEvent.StageFinished e) {
            line(name(e.current(), e.target()) + " succeeded in " + human(e.duration()));
        } else if (event instanceof PipelineEvent.StageFailed e) {
            line(name(e.current(), e.target()) + " " + e.status().id().toUpperCase(java.util.Locale.ROOT).replace('_', ' ')
                    + " after " + human(e.duration()) + ": " + e.reason());
        } else if (event instanceof PipelineEvent.StageSkipped e) {
            line(name(e.current(), e.target()) + " skipped: " + e.reason());
        } else if (event instanceof PipelineEvent.LogLine e) {
            line((e.level() == PipelineEvent.Level.INFO ? "" : e.level().name() + " ") + "["
                    + name(e.current(), e.target()) + "] " + e.message());
        }
        // RunFinished: the verdict is printed from the report by the caller
    }

    private static String name(Stage stage, Optional<String> target) {
        return stage.id() + target.map(t -> " [" + t + "]").orElse("");
    }

    private void line(String text) {
        out.println(PREFIX + text);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 120_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
}
