package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Collects problems so every mistake of a file is reported at once. */
final class ProblemSink {
    private final LinkedHashSet<Problem> problems = new LinkedHashSet<>();
    /** One report per place and message: a top-level service value copied into every target is reported once. */
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    void add(Origin origin, String path, String message, String hint) {
        Origin o = origin == null ? new Origin("<unknown>", 0, 0) : origin;
        if (!seen.add(o + "|" + message)) {
            return;
        }
        problems.add(new Problem(o.file(), o.line(), o.column(), path, message, hint));
    }

    void add(Origin origin, String path, String message) {
        add(origin, path, message, "");
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int size() {
        return problems.size();
    }

    List<Problem> sorted() {
        List<Problem> list = new ArrayList<>(problems);
        list.sort(Comparator.comparing((Problem p) -> p.line() == 0 ? 1 : 0)
                .thenComparing(Problem::file)
                .thenComparingInt(Problem::line)
                .thenComparingInt(Problem::column)
                .thenComparing(Problem::path));
        return list;
    }

    void throwIfAny() throws InvalidPipelineException {
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(sorted());
        }
    }
}
