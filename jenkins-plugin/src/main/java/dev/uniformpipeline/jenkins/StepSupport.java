package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What the step executions share: gather the context, resolve credentials, run on the agent, archive the report. */
final class StepSupport {
    /** How long the controller waits for an aborted agent-side run to write its report. */
    static final long ABORT_REPORT_WAIT_MILLIS = 30_000;

    static Set<? extends Class<?>> requiredContext() {
        return Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class, Launcher.class);
    }

    private StepSupport() {
    }

    /** The report of a finished run and its JSON. */
    record Outcome(RunReport report, String json, SecretMasker masker) {
    }

    static Outcome runPipeline(StepContext context, UniformStepBase step, String functionName)
            throws IOException, InterruptedException {
        return runPipeline(context, step, functionName, Stage.VERIFY);
    }

    /** Runs the pipeline up to and including {@code lastStage} (later stages are reported as skipped). */
    static Outcome runPipeline(StepContext context, UniformStepBase step, String functionName, Stage lastStage)
            throws IOException, InterruptedException {
        return runPipeline(context, step, functionName, lastStage, null, null);
    }

    /**
     * Runs the pipeline: from the source up to {@code lastStage}; or, with {@code image}, deploy and verify of that
     * already pushed digest; or, with {@code rollbackTarget}, the rollback of that target.
     */
    static Outcome runPipeline(StepContext context, UniformStepBase step, String functionName, Stage lastStage,
                               String image, String rollbackTarget) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace == null) {
            throw new AbortException(functionName + " needs a workspace: call it inside node { ... }");
        }
        TaskListener listener = context.get(TaskListener.class);
        Run<?, ?> run = context.get(Run.class);
        EnvVars envVars = context.get(EnvVars.class);
        Launcher launcher = context.get(Launcher.class);

        CredentialEnvironment credentials = CredentialEnvironment.resolve(new JenkinsCredentialResolver(run),
                step.getAwsCredentialsId(), step.getRegistryCredentialsId(), step.getGitCredentialsId());
        Map<String, String> environment = new HashMap<>();
        if (envVars != null) {
            environment.putAll(envVars);
        }
        environment.putAll(credentials.environment());
        RunSettings settings = new RunSettings(step.getFile(), step.getTargets(), step.getEnv(), step.getSet(),
                step.isDryRun(), environment, credentials.secrets(), step.getReportFile(), lastStage, image,
                rollbackTarget, credentials.gitSshKey());
        listener.getLogger().println(ConsoleRenderer.PREFIX + functionName + ": " + step.getFile()
                + (step.getEnv() == null ? "" : " (env " + step.getEnv() + ")")
                + (image == null ? "" : ", deploying " + image)
                + (rollbackTarget == null ? "" : ", rolling back target " + rollbackTarget)
                + (credentials.gitSshKey() == null ? "" : ", git ssh key from " + step.getGitCredentialsId())
                + " in " + workspace.getRemote());

        FilePath reportFile = workspace.child(step.getReportFile());
        String json;
        try {
            json = workspace.act(new UniformRunCallable(settings, listener));
        } catch (InterruptedException e) {
            // aborted while the agent ran: remoting interrupts the agent-side thread, which cancels the engine run
            // and writes the report; wait (bounded) for it so the build keeps the record of where it stopped
            if (awaitFile(reportFile)) {
                archive(run, workspace, launcher, listener, step.getReportFile());
            }
            throw e;
        }
        boolean interrupted = Thread.interrupted();
        try {
            archive(run, workspace, launcher, listener, step.getReportFile());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return new Outcome(RunReport.parse(json), json, new SecretMasker(credentials.secrets()));
    }

    private static boolean awaitFile(FilePath file) {
        long until = System.nanoTime() + ABORT_REPORT_WAIT_MILLIS * 1_000_000;
        try {
            while (System.nanoTime() < until) {
                if (file.exists()) {
                    return true;
                }
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static void archive(Run<?, ?> run, FilePath workspace, Launcher launcher, TaskListener listener,
                                String path) throws IOException, InterruptedException {
        if (run == null) {
            return;
        }
        run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener),
                Map.of(path, path));
        listener.getLogger().println(ConsoleRenderer.PREFIX + "run report archived as " + path);
    }

    /** Fails the step with the verdict unless the run succeeded. */
    static void requireSuccess(Outcome outcome) throws AbortException {
        if (outcome.report().status() != RunReport.RunStatus.SUCCEEDED) {
            throw new AbortException(outcome.masker().mask("Uniform Pipeline " + Verdicts.headline(outcome.report())));
        }
    }

}
