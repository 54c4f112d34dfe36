package dev.uniformpipeline.core.api;

import java.util.Objects;

/**
 * One thing wrong with an input file: where (file, 1-based line and column, the field path such as
 * {@code targets[1].loadBalancer.type}), what is wrong, and how to fix it.
 *
 * @param file    the file as the user named it (or a template path), never null
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param path    the field path, empty for the document itself
 * @param message what is wrong and what was expected
 * @param hint    the suggested fix ("did you mean 'replicas'?"), empty when there is none
 */
public record Problem(String file, int line, int column, String path, String message, String hint) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    /** {@code file:line:col: path: message (hint)}: the one-line form the edges print. */
    public String format() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(message);
        if (!hint.isEmpty()) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }
}
