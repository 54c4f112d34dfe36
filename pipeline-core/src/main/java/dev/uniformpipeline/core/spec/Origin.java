package dev.uniformpipeline.core.spec;

/**
 * Where a value came from: a file (the pipeline file or a template it extends) with 1-based line and
 * column, or a {@code --set} override (file {@code --set}, line 0).
 *
 * @param file   display name of the file, or {@code --set}
 * @param line   1-based line, 0 when not from a file
 * @param column 1-based column, 0 when not from a file
 */
public record Origin(String file, int line, int column) {
    /** The origin of {@code --set key=value} overrides. */
    public static Origin set(String expression) {
        return new Origin("--set " + expression, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
