package dev.uniformpipeline.core.build;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test helper: records build steps and tool output (as {@code tool> line}) in {@link #events}, warnings apart. */
final class RecordingListener implements BuildListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void step(String message) {
        events.add(message);
    }

    @Override
    public void toolOutput(String tool, String line) {
        events.add(tool + "> " + line);
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }
}
