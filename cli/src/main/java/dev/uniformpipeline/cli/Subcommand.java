package dev.uniformpipeline.cli;

import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Base of the subcommands: access to the global options and the terminal. */
abstract class Subcommand implements Callable<Integer> {
    @ParentCommand
    PipelineCommand top;

    PrintWriter out() {
        return top.terminal.out();
    }

    PrintWriter err() {
        return top.terminal.err();
    }

    boolean json() {
        return top.output == PipelineCommand.OutputFormat.JSON;
    }
}
