package dev.uniformpipeline.cli;

import picocli.CommandLine.Command;

/**
 * {@code pipeline local-cloud start|stop|status}: the place where the local stand-in for AWS and Kubernetes
 * (module local-cloud) gets wired in a later issue. Until then each subcommand says so and exits 3.
 */
@Command(name = "local-cloud", mixinStandardHelpOptions = true,
        description = "Start, stop or inspect the local stand-in for AWS and Kubernetes (not wired yet).",
        subcommands = {LocalCloudCommand.Start.class, LocalCloudCommand.Stop.class, LocalCloudCommand.Status.class})
final class LocalCloudCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: start, stop or status");
    }

    abstract static class NotWired implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("error: not implemented yet: pipeline local-cloud " + name()
                    + " (wired to module local-cloud in a later issue)");
            return ExitCode.ENVIRONMENT;
        }

        abstract String name();
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start local-cloud.")
    static final class Start extends NotWired {
        @Override
        String name() {
            return "start";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop local-cloud.")
    static final class Stop extends NotWired {
        @Override
        String name() {
            return "stop";
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether local-cloud runs.")
    static final class Status extends NotWired {
        @Override
        String name() {
            return "status";
        }
    }
}
