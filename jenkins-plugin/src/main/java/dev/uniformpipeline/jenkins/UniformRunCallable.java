package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.PipelineRun;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.UniformPipeline;
import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the whole pipeline on the machine that holds the workspace (the agent), streaming the engine's events to the
 * build console through the listener (secrets masked), writing the JSON report into the workspace, and returning
 * that JSON. If the agent-side thread is interrupted (the build was aborted), the engine run is cancelled and the
 * report written says where it stopped.
 */
public final class UniformRunCallable extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;
    private final RunSettings settings;
    private final TaskListener listener;

    public UniformRunCallable(RunSettings settings, TaskListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** The run environment value naming the private key file (read by pipeline-core's checkout). */
    static final String SSH_KEY_FILE_ENV = "UNIFORM_GIT_SSH_KEY_FILE";
    /** The run environment value holding the key's passphrase. */
    static final String SSH_PASSPHRASE_ENV = "UNIFORM_GIT_SSH_PASSPHRASE";

    @Override
    public String invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        SecretMasker masker = new SecretMasker(settings.secrets());
        MaskingTaskListener console = new MaskingTaskListener(listener, masker);
        PrintStream out = console.getLogger();
        Path keyDir = null;
        try {
            Map<String, String> environment = new HashMap<>(settings.environment());
            if (settings.gitSshKey() != null) {
                keyDir = PrivateKeyFile.createDirectory();
                environment.put(SSH_KEY_FILE_ENV, PrivateKeyFile.write(keyDir, settings.gitSshKey().privateKey())
                        .toString());
                if (settings.gitSshKey().passphrase() != null) {
                    environment.put(SSH_PASSPHRASE_ENV, settings.gitSshKey().passphrase());
                }
            }
            return run(workspace, environment, masker, out);
        } finally {
            if (keyDir != null) {
                PrivateKeyFile.delete(keyDir);
            }
        }
    }

    private String run(File workspace, Map<String, String> environment, SecretMasker masker, PrintStream out)
            throws IOException {
        PipelineRun run;
        try {
            UniformPipeline.Builder b = UniformPipeline.builder()
                    .workingDirectory(workspace.toPath().toAbsolutePath())
                    .pipelineFile(Path.of(settings.file()))
                    .profile(settings.profile())
                    .targets(settings.targets())
                    .environment(environment)
                    .dryRun(settings.dryRun())
                    .lastStage(settings.lastStage())
                    .eventListener(new ConsoleRenderer(out));
            settings.sets().forEach(b::set);
            if (settings.image() != null) {
                b.image(settings.image());
            }
            UniformPipeline pipeline = b.build();
            run = settings.rollbackTarget() != null ? pipeline.rollback(settings.rollbackTarget()) : pipeline.start();
        } catch (InvalidPipelineException e) {
            for (Problem p : e.problems()) {
                out.println(ConsoleRenderer.PREFIX + masker.mask(p.format()));
            }
            throw new AbortException(masker.mask(settings.file() + " is not a valid pipeline ("
                    + e.problems().size() + " problem(s), listed above); fix them and run again"));
        } catch (PipelineException e) {
            throw new AbortException(masker.mask(e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + e.getMessage()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the engine refused the arguments (e.g. a tag instead of a digest); its message names the field
            throw new AbortException(masker.mask(e.getMessage()));
        }
        RunReport report = run.await();
        // await() leaves the interrupt flag set when the build was aborted; write the report first, then keep it
        boolean interrupted = Thread.interrupted();
        try {
            String json = report.toJson();
            File file = new File(workspace, settings.reportFile());
            File dir = file.getParentFile();
            if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
                throw new IOException("cannot create " + dir);
            }
            try (OutputStream o = new FileOutputStream(file)) {
                o.write(json.getBytes(StandardCharsets.UTF_8));
            }
            Verdicts.lines(report).forEach(out::println);
            out.flush();
            return json;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    RunSettings settings() {
        return settings;
    }
}
