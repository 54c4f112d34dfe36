package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;

import java.util.ArrayList;
import java.util.List;

/** The verdict of a run, in words, from its report. */
public final class Verdicts {
    private Verdicts() {
    }

    /** One line: what happened and, for a run that did not succeed, where and why. */
    public static String headline(RunReport r) {
        String name = "pipeline '" + r.pipeline() + "'";
        return switch (r.status()) {
            case SUCCEEDED -> "SUCCEEDED: " + name + (r.dryRun() ? " built (dry run: nothing pushed or deployed)"
                    : " rolled out" + (r.targets().isEmpty() ? "" : " to " + String.join(", ",
                    r.targets().stream().map(RunReport.TargetReport::name).toList())))
                    + r.image().flatMap(RunReport.Image::digest).map(d -> ", image " + d).orElse("");
            case FAILED -> "FAILED: " + name + r.failure().map(f -> " at " + f.stage().id()
                    + f.target().map(t -> " [" + t + "]").orElse("") + " (" + f.kind().name().toLowerCase(
                    java.util.Locale.ROOT) + "): " + f.message()).orElse("");
            case CANCELLED -> "CANCELLED: " + name + stopped(r);
            case TIMED_OUT -> "TIMED OUT: " + name + stopped(r);
        };
    }

    private static String stopped(RunReport r) {
        return r.cancellation().map(c -> c.stage().map(s -> " while " + s.id()
                        + (c.targets().isEmpty() ? "" : " [" + String.join(", ", c.targets()) + "]") + " was running")
                .orElse(" between stages") + " (" + c.reason() + ")").orElse("");
    }

    /** The headline, then one line per stage and per target. */
    public static List<String> lines(RunReport r) {
        List<String> out = new ArrayList<>();
        out.add("Uniform Pipeline " + headline(r));
        for (RunReport.StageReport s : r.stages()) {
            out.add("  " + pad(s.stage()) + s.status().id() + s.duration().map(d -> " in "
                    + ConsoleRenderer.human(d)).orElse("") + s.reason().map(x -> " - " + x).orElse(""));
        }
        for (RunReport.TargetReport t : r.targets()) {
            out.add("  target " + t.name() + " (" + t.type() + "): " + t.outcome().id()
                    + t.reason().map(x -> " - " + x).orElse("") + leftAt(t));
        }
        return out;
    }

    /**
     * Where a target that did not succeed was left, as far as the report knows: untouched when its deploy never
     * started, the previous version when it was rolled back, and said plainly when its deploy was stopped mid-way.
     */
    static String leftAt(RunReport.TargetReport t) {
        if (t.outcome() == RunReport.TargetOutcome.SUCCEEDED) {
            return "";
        }
        if (t.outcome() == RunReport.TargetOutcome.ROLLED_BACK) {
            return "; the previous version serves again";
        }
        boolean deployStarted = t.stages().stream()
                .anyMatch(s -> s.stage() == Stage.DEPLOY && s.startedAt().isPresent());
        if (!deployStarted) {
            return "; not changed (its deploy never started)";
        }
        return t.outcome() == RunReport.TargetOutcome.CANCELLED
                ? "; its deploy was stopped while running" : "";
    }

    private static String pad(Stage s) {
        return String.format("%-9s", s.id());
    }
}
