package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.PipelineEventListener;
import dev.uniformpipeline.core.api.PipelineRun;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.UniformPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code pipeline run}: checkout, build, push, deploy to the targets in parallel, verify. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline: checkout, build, push, then deploy and verify every target in parallel.")
final class RunCommand extends Subcommand {
    @Option(names = "--dry-run", description = "Check out and build, but push and deploy nothing.")
    boolean dryRun;

    @picocli.CommandLine.Mixin
    LocalOption local = new LocalOption();

    @Option(names = "--until", paramLabel = "STAGE", converter = UntilConverter.class,
            description = "Stop after this stage: build (check out and build) or push (also push the image). "
                    + "Deploy and verify are then reported as skipped. Default: the whole run.")
    Stage until;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop the whole run after this long, e.g. 45m or 1h30m (report status timed_out). "
                    + "Default: none.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        String file = top.pipelineFile();
        Style style = top.style();
        PipelineEventListener renderer;
        LiveRenderer live = null;
        if (json()) {
            renderer = new PlainRenderer(err()); // stdout carries only the report
        } else if (top.terminal.interactive()) {
            live = new LiveRenderer(out(), style);
            renderer = live;
        } else {
            renderer = new PlainRenderer(out());
        }
        UniformPipeline.Builder builder = local.apply(top.builder(file), top.terminal, json() ? err() : out())
                .dryRun(dryRun).eventListener(renderer);
        if (timeout != null) {
            builder.runTimeout(timeout);
        }
        if (until != null) {
            builder.lastStage(until);
        }
        PipelineRun run = builder.build().start();
        Thread onCtrlC = new Thread(() -> {
            run.cancel();
            run.await(Duration.ofSeconds(30));
        }, "pipeline-cancel-on-exit");
        boolean hooked = addHook(onCtrlC);
        RunReport report;
        try {
            report = run.await();
        } finally {
            if (hooked) {
                removeHook(onCtrlC);
            }
            if (live != null) {
                live.close();
            }
        }
        if (json()) {
            out().println(report.toJson());
        } else {
            summary(report, style);
        }
        report.failure().ifPresent(f -> err().println(style.red("error: ") + f.stage().id()
                + f.target().map(t -> " of target '" + t + "'").orElse("") + ": " + f.message()));
        report.cancellation().ifPresent(c -> err().println(style.yellow("stopped: ") + c.reason()
                + c.stage().map(s -> " during " + s.id()).orElse("")
                + (c.targets().isEmpty() ? "" : " (" + String.join(", ", c.targets()) + ")")));
        return exitCode(report);
    }

    /** {@code build} or {@code push}: the stages a run can usefully stop after. */
    static final class UntilConverter implements picocli.CommandLine.ITypeConverter<Stage> {
        @Override
        public Stage convert(String value) {
            return switch (value.trim()) {
                case "build" -> Stage.BUILD;
                case "push" -> Stage.PUSH;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a stage to stop after (write build or push)");
            };
        }
    }

    static int exitCode(RunReport report) {
        return switch (report.status()) {
            case SUCCEEDED -> ExitCode.OK;
            case CANCELLED, TIMED_OUT -> ExitCode.PIPELINE_FAILED;
            case FAILED -> report.failure().map(f -> ExitCode.of(f.kind())).orElse(ExitCode.PIPELINE_FAILED);
        };
    }

    private void summary(RunReport report, Style style) {
        if (report.targets().isEmpty()) {
            return;
        }
        out().println("targets:");
        for (RunReport.TargetReport t : report.targets()) {
            String outcome = t.outcome().id().replace('_', ' ');
            String shown = switch (t.outcome()) {
                case SUCCEEDED -> style.green(outcome);
                case FAILED, ROLLED_BACK -> style.red(outcome);
                case CANCELLED -> style.yellow(outcome);
                case NOT_RUN -> style.dim(outcome);
            };
            String reason = t.reason().map(r -> r.startsWith("not run: ") ? r.substring("not run: ".length()) : r)
                    .map(r -> " (" + r + ")").orElse("");
            out().println("  " + t.name() + " (" + t.type() + "): " + shown + reason);
        }
        report.image().ifPresent(i -> out().println("image: " + i.repository()
                + i.digest().map(d -> "@" + d).orElse("") + (i.tags().isEmpty() ? "" : " " + i.tags())));
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it cancels the run
        }
    }
}
