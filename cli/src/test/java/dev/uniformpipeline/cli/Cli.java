package dev.uniformpipeline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code pipeline} in-process with captured stdout and stderr. */
final class Cli {
    private Cli() {
    }

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Result run(Path cwd, Map<String, String> env, boolean interactive, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(cwd, env, new PrintWriter(out, true), new PrintWriter(err, true), interactive);
        int code = PipelineCommand.execute(terminal, args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(Path cwd, String... args) {
        return run(cwd, Map.of(), false, args);
    }
}
