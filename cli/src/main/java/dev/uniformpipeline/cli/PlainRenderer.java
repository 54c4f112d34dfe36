package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineEventListener;

import java.io.PrintWriter;

/** One timestamped line per event: for CI logs and anything that is not a terminal. */
final class PlainRenderer implements PipelineEventListener {
    private final PrintWriter out;

    PlainRenderer(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEvent(PipelineEvent e) {
        out.println(e.timestamp() + " [" + EventText.where(e) + "] " + EventText.describe(e));
        out.flush();
    }
}
