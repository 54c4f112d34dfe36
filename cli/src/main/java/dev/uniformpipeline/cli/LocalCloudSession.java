package dev.uniformpipeline.cli;

import dev.uniformpipeline.localcloud.LocalCloudProcess;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's view of a standalone local-cloud (module local-cloud, {@link LocalCloudProcess}): where its state
 * directory is, starting it or reusing the one that runs there, and the AWS environment that points tools (and
 * pipeline-core's AWS clients) at it.
 */
final class LocalCloudSession {
    /** Environment variable naming the state directory when {@code --state-dir} is not given. */
    static final String STATE_ENV = "UNIFORM_LOCAL_CLOUD_STATE";
    /** Default state directory, relative to the current directory. */
    static final String DEFAULT_STATE_DIR = ".uniform/local-cloud";
    /** Static keys act in account 000000000000 on local-cloud; a 12-digit key names that account explicitly. */
    static final String ACCESS_KEY_ID = "000000000000";
    static final String SECRET_ACCESS_KEY = "local-cloud";
    static final String DEFAULT_REGION = "us-east-1";

    /** A running local-cloud as the CLI reports it. */
    record Running(long pid, URI endpoint, Path stateDir, boolean startedNow) {
    }

    private LocalCloudSession() {
    }

    /** {@code --state-dir} if given, else {@code $UNIFORM_LOCAL_CLOUD_STATE}, else {@code .uniform/local-cloud}. */
    static Path stateDir(Terminal terminal, String option) {
        String chosen = option;
        if (chosen == null || chosen.isBlank()) {
            String fromEnv = terminal.env().get(STATE_ENV);
            chosen = fromEnv == null || fromEnv.isBlank() ? DEFAULT_STATE_DIR : fromEnv;
        }
        return terminal.cwd().resolve(chosen).normalize();
    }

    static Optional<Running> status(Path stateDir) throws IOException, InterruptedException {
        return LocalCloudProcess.status(stateDir)
                .map(i -> new Running(i.pid(), i.endpoint(), stateDir, false));
    }

    /** Reuses the local-cloud running on this state dir, or starts one (its saved state is restored). */
    static Running ensure(Path stateDir, int port, double clockFactor) throws IOException, InterruptedException {
        Optional<Running> running = status(stateDir);
        if (running.isPresent()) {
            return running.get();
        }
        LocalCloudProcess.Info info = LocalCloudProcess.start(
                LocalCloudProcess.Options.of(stateDir).port(port).clockFactor(clockFactor));
        return new Running(info.pid(), info.endpoint(), stateDir, true);
    }

    /** What a tool needs to talk to this endpoint: endpoint URL, dummy static credentials, a region. */
    static Map<String, String> awsVariables(URI endpoint, Map<String, String> env) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("AWS_ENDPOINT_URL", endpoint.toString());
        vars.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        vars.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = env.get("AWS_DEFAULT_REGION");
        }
        vars.put("AWS_REGION", region == null || region.isBlank() ? DEFAULT_REGION : region);
        // older tools (aws CLI v1, SDK v2 for JavaScript) read only AWS_DEFAULT_REGION
        vars.put("AWS_DEFAULT_REGION", vars.get("AWS_REGION"));
        return vars;
    }

    /**
     * The environment a {@code --local} run hands to pipeline-core: the user's environment with every AWS endpoint
     * and credential setting replaced, so no client can reach real AWS with real keys by accident.
     */
    static Map<String, String> localEnvironment(URI endpoint, Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            boolean awsRouting = k.startsWith("AWS_ENDPOINT_URL") || k.equals("AWS_SESSION_TOKEN")
                    || k.equals("AWS_PROFILE") || k.equals("AWS_ROLE_ARN") || k.equals("AWS_WEB_IDENTITY_TOKEN_FILE")
                    || k.equals("AWS_ACCESS_KEY_ID") || k.equals("AWS_SECRET_ACCESS_KEY");
            if (!awsRouting) {
                out.put(k, v);
            }
        });
        Map<String, String> aws = awsVariables(endpoint, env);
        out.putAll(aws);
        return out;
    }
}
