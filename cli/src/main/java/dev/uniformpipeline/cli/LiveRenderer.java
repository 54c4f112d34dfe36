package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineEventListener;
import dev.uniformpipeline.core.api.RunReport;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * For a person at a terminal: finished steps scroll up as permanent lines, and one status line at the bottom is
 * redrawn in place with what is running now and for how long.
 */
final class LiveRenderer implements PipelineEventListener, AutoCloseable {
    private static final String CLEAR_LINE = "\r\u001b[K";
    private final PrintWriter out;
    private final Style style;
    private final Map<String, Instant> running = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private boolean statusShown;

    LiveRenderer(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pipeline-status-line");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void onEvent(PipelineEvent e) {
        String where = EventText.where(e);
        if (e instanceof PipelineEvent.RunStarted) {
            line(style.bold("▶ ") + EventText.describe(e));
        } else if (e instanceof PipelineEvent.StageStarted) {
            running.put(where, e.timestamp());
        } else if (e instanceof PipelineEvent.StageProgress || e instanceof PipelineEvent.LogLine) {
            line(style.dim("  " + where + ": ") + EventText.describe(e));
        } else if (e instanceof PipelineEvent.StageFinished) {
            running.remove(where);
            line(style.green("✔ ") + where + " " + style.dim(EventText.describe(e)));
        } else if (e instanceof PipelineEvent.StageFailed f) {
            running.remove(where);
            String mark = f.status() == RunReport.StageStatus.FAILED ? style.red("✖ ") : style.yellow("■ ");
            line(mark + where + " " + EventText.describe(e));
        } else if (e instanceof PipelineEvent.StageSkipped) {
            line(style.dim("- " + where + " " + EventText.describe(e)));
        } else if (e instanceof PipelineEvent.RunFinished f) {
            running.clear();
            String text = "run " + EventText.describe(e);
            line(f.report().status() == RunReport.RunStatus.SUCCEEDED ? style.green(style.bold(text))
                    : style.red(style.bold(text)));
            ticker.shutdownNow();
            return;
        }
        redraw();
    }

    /** Prints a permanent line above the status line. */
    private void line(String text) {
        out.print(CLEAR_LINE);
        out.println(text);
        statusShown = false;
        redrawLocked();
    }

    private synchronized void redraw() {
        redrawLocked();
    }

    private void redrawLocked() {
        if (running.isEmpty()) {
            if (statusShown) {
                out.print(CLEAR_LINE);
                statusShown = false;
            }
            out.flush();
            return;
        }
        Instant now = Instant.now();
        StringBuilder sb = new StringBuilder(CLEAR_LINE).append(style.bold("… "));
        String sep = "";
        for (Map.Entry<String, Instant> r : running.entrySet()) {
            sb.append(sep).append(r.getKey()).append(' ')
                    .append(style.dim(EventText.duration(Duration.between(r.getValue(), now).withNanos(0))));
            sep = ", ";
        }
        out.print(sb);
        out.flush();
        statusShown = true;
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (statusShown) {
            out.print(CLEAR_LINE);
            out.flush();
        }
    }
}
