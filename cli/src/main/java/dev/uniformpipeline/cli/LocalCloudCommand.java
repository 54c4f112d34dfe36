package dev.uniformpipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.LocalCloudProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code pipeline local-cloud start|stop|status}: the local stand-in for AWS (module local-cloud) as a detached
 * background process that keeps its state in a state directory ({@link LocalCloudProcess}).
 */
@Command(name = "local-cloud", mixinStandardHelpOptions = true,
        description = "Start, stop or inspect the local stand-in for AWS (ECR, ECS, ELBv2, Logs, STS, ...).",
        subcommands = {LocalCloudCommand.Start.class, LocalCloudCommand.Stop.class, LocalCloudCommand.Status.class})
final class LocalCloudCommand extends Subcommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: start, stop or status");
    }

    /** The options every subcommand shares. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        LocalCloudCommand parent;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "Where local-cloud keeps its pid, endpoint, log and saved state. Default: "
                        + "$" + LocalCloudSession.STATE_ENV + ", else " + LocalCloudSession.DEFAULT_STATE_DIR
                        + " in the current directory.")
        String stateDir;

        Path dir() {
            return LocalCloudSession.stateDir(parent.top.terminal, stateDir);
        }

        PrintWriter out() {
            return parent.out();
        }

        boolean json() {
            return parent.json();
        }

        Map<String, String> env() {
            return parent.top.terminal.env();
        }

        void printJson(ObjectNode node) throws Exception {
            out().println(JSON.writeValueAsString(node));
        }

        ObjectNode describe(LocalCloudSession.Running r) {
            ObjectNode n = JSON.createObjectNode();
            n.put("running", true);
            n.put("endpoint", r.endpoint().toString());
            n.put("pid", r.pid());
            n.put("stateDir", r.stateDir().toString());
            ObjectNode vars = n.putObject("environment");
            LocalCloudSession.awsVariables(r.endpoint(), env()).forEach(vars::put);
            return n;
        }

        int environmentError(Exception e) {
            parent.err().println(parent.top.style().red("error: ") + "local-cloud (state " + dir() + "): "
                    + e.getMessage());
            parent.err().flush();
            return ExitCode.ENVIRONMENT;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start local-cloud in the background (or report the one already running on the state "
                    + "directory) and print how to point AWS tools at it.")
    static final class Start extends Action {
        @Option(names = "--port", paramLabel = "N", description = "Port on 127.0.0.1. Default: 0 (a free port).")
        int port;

        @Option(names = "--clock-factor", paramLabel = "F",
                description = "Cloud seconds per wall second (e.g. 20 makes a 5-minute wait take 15 s). Default: 1.")
        double clockFactor = 1.0;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--port: " + port + " is not a port (0 for a free one, or 1-65535)");
            }
            if (!(clockFactor > 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--clock-factor: " + clockFactor + " must be greater than 0 (1 = real time)");
            }
            LocalCloudSession.Running r;
            try {
                r = LocalCloudSession.ensure(dir(), port, clockFactor);
            } catch (RuntimeException | java.io.IOException e) {
                return environmentError(e);
            }
            if (json()) {
                ObjectNode n = describe(r);
                n.put("startedNow", r.startedNow());
                printJson(n);
                return ExitCode.OK;
            }
            out().println((r.startedNow() ? "local-cloud started at " : "local-cloud already running at ")
                    + r.endpoint() + " (pid " + r.pid() + ", state " + r.stateDir() + ")");
            out().println("Point AWS tools at it:");
            LocalCloudSession.awsVariables(r.endpoint(), env())
                    .forEach((k, v) -> out().println("  export " + k + "=" + v));
            out().println("Run a pipeline against it: pipeline run --local"
                    + (stateDir == null ? "" : " --local-state-dir " + stateDir));
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop local-cloud; its state is saved in the state directory for the next start.")
    static final class Stop extends Action {
        @Override
        public Integer call() throws Exception {
            boolean was;
            try {
                was = LocalCloudProcess.stop(dir(), Duration.ofSeconds(30));
            } catch (RuntimeException | java.io.IOException e) {
                return environmentError(e);
            }
            if (json()) {
                ObjectNode n = JSON.createObjectNode();
                n.put("stopped", was);
                n.put("stateDir", dir().toString());
                printJson(n);
            } else {
                out().println(was ? "local-cloud stopped (state saved in " + dir() + ")"
                        : "local-cloud was not running (state " + dir() + ")");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the endpoint and pid of local-cloud, or 'not running' (exit 3).")
    static final class Status extends Action {
        @Override
        public Integer call() throws Exception {
            Optional<LocalCloudSession.Running> r;
            try {
                r = LocalCloudSession.status(dir());
            } catch (RuntimeException | java.io.IOException e) {
                return environmentError(e);
            }
            if (json()) {
                ObjectNode n;
                if (r.isPresent()) {
                    n = describe(r.get());
                } else {
                    n = JSON.createObjectNode();
                    n.put("running", false);
                    n.put("stateDir", dir().toString());
                }
                printJson(n);
            } else if (r.isPresent()) {
                out().println("local-cloud running at " + r.get().endpoint() + " (pid " + r.get().pid() + ", state "
                        + r.get().stateDir() + ")");
            } else {
                out().println("local-cloud not running (state " + dir() + ")");
            }
            return r.isPresent() ? ExitCode.OK : ExitCode.ENVIRONMENT;
        }
    }
}
