package dev.uniformpipeline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command sees of the world: working directory, environment, output streams and whether stdout is an
 * interactive terminal. Tests build one with captured streams.
 *
 * @param interactive true when a person watches a terminal (System.console() exists and TERM is not dumb)
 */
record Terminal(Path cwd, Map<String, String> env, PrintWriter out, PrintWriter err, boolean interactive) {

    static Terminal system() {
        Map<String, String> env = System.getenv();
        String term = env.getOrDefault("TERM", "");
        boolean interactive = System.console() != null && !term.isEmpty() && !term.equals("dumb");
        return new Terminal(Path.of("").toAbsolutePath(), env, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), interactive);
    }

    /** Colors only for a person at a terminal, never with --no-color or a non-empty NO_COLOR (no-color.org). */
    boolean colors(boolean noColorOption) {
        String noColor = env.get("NO_COLOR");
        return interactive && !noColorOption && (noColor == null || noColor.isEmpty());
    }
}
