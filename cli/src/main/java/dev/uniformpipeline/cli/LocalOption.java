package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.EnvironmentException;
import dev.uniformpipeline.core.api.UniformPipeline;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --local} of {@code run} and {@code plan}: start (or reuse, through its state directory) a local-cloud and
 * hand pipeline-core an environment that points every AWS client at it (endpoint, dummy static keys, a region).
 * pipeline-core sees only environment variables, never local-cloud types.
 */
final class LocalOption {
    @Option(names = "--local", description = "Run against local-cloud instead of AWS: starts it (or reuses the one "
            + "running on its state directory) and points the AWS clients at it.")
    boolean local;

    @Option(names = "--local-state-dir", paramLabel = "DIR", description = "With --local: local-cloud's state "
            + "directory. Default: $" + LocalCloudSession.STATE_ENV + ", else " + LocalCloudSession.DEFAULT_STATE_DIR
            + ".")
    String stateDir;

    /** Without --local: the builder unchanged. With it: local-cloud runs and the builder gets its environment. */
    UniformPipeline.Builder apply(UniformPipeline.Builder builder, Terminal terminal, PrintWriter notes)
            throws Exception {
        if (!local) {
            return builder;
        }
        Path dir = LocalCloudSession.stateDir(terminal, stateDir);
        LocalCloudSession.Running r;
        try {
            r = LocalCloudSession.ensure(dir, 0, 1.0);
        } catch (RuntimeException | java.io.IOException e) {
            throw new EnvironmentException("--local: local-cloud (state " + dir + ") could not start: "
                    + e.getMessage(), e);
        }
        notes.println("local-cloud " + (r.startedNow() ? "started" : "running") + " at " + r.endpoint() + " (pid "
                + r.pid() + ", state " + dir + "; stop it with: pipeline local-cloud stop"
                + (stateDir == null ? "" : " --state-dir " + stateDir) + ")");
        notes.flush();
        Map<String, String> env = LocalCloudSession.localEnvironment(r.endpoint(), terminal.env());
        return builder.environment(env);
    }
}
