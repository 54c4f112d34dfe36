package dev.uniformpipeline.core.deploy;

import java.util.ArrayList;
import java.util.List;

import dev.uniformpipeline.core.api.Problem;

/** Collects problems against one source file; field paths are pipeline-file paths ({@code service.cpu}). */
public final class Problems {
    private final String file;
    private final List<Problem> list = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public Problems add(String path, String message, String hint) {
        list.add(new Problem(file, 0, 0, path, message, hint));
        return this;
    }

    public Problems require(boolean ok, String path, String message, String hint) {
        if (!ok) {
            add(path, message, hint);
        }
        return this;
    }

    public List<Problem> list() {
        return List.copyOf(list);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }
}
