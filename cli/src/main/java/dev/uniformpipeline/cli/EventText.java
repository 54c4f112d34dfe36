package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.RunReport;

import java.time.Duration;

/** The words for each event, shared by the plain and the live renderer. */
final class EventText {
    private EventText() {
    }

    static String where(PipelineEvent e) {
        return e.stage().map(s -> s.id() + e.target().map(t -> " " + t).orElse("")).orElse("run");
    }

    /** One line describing the event (without timestamp or location). */
    static String describe(PipelineEvent e) {
        if (e instanceof PipelineEvent.RunStarted r) {
            return "started pipeline '" + r.pipeline() + "'" + (r.targets().isEmpty() ? ", no targets"
                    : ", targets: " + String.join(", ", r.targets())) + (r.dryRun() ? " (dry run)" : "")
                    + " [run " + r.runId() + "]";
        } else if (e instanceof PipelineEvent.StageStarted) {
            return "started";
        } else if (e instanceof PipelineEvent.StageProgress p) {
            return (p.percent() >= 0 ? p.percent() + "% " : "") + p.message();
        } else if (e instanceof PipelineEvent.LogLine l) {
            return (l.level() == PipelineEvent.Level.INFO ? "" : l.level().name().toLowerCase() + ": ") + l.message();
        } else if (e instanceof PipelineEvent.StageFinished f) {
            return "succeeded in " + duration(f.duration());
        } else if (e instanceof PipelineEvent.StageFailed f) {
            return status(f.status()) + " after " + duration(f.duration()) + ": " + f.reason();
        } else if (e instanceof PipelineEvent.StageSkipped s) {
            return "skipped: " + s.reason();
        } else if (e instanceof PipelineEvent.RunFinished f) {
            return status(f.report().status()) + " in " + duration(f.report().duration());
        }
        return e.toString();
    }

    static String status(RunReport.StageStatus s) {
        return s.id().replace('_', ' ');
    }

    static String status(RunReport.RunStatus s) {
        return s.id().replace('_', ' ');
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
}
