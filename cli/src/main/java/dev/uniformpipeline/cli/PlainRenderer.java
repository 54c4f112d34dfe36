package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineEventListener;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;

/** One timestamped line per event: for CI logs and anything that is not a terminal. */
final class PlainRenderer implements PipelineEventListener {
    private final PrintWriter out;

    PlainRenderer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEvent(PipelineEvent e) {
        out.println(e.timestamp().truncatedTo(ChronoUnit.MILLIS) + " [" + EventText.where(e) + "] " + EventText.describe(e));
        out.flush();
    }
}
