package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.TaskListener;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.Set;

/**
 * {@code uniformBuild(file: 'pipeline.yml', env: 'prod')}: checkout, build and push only (the engine runs with
 * {@code lastStage(PUSH)}; deploy and verify are reported as skipped, "not requested"), returning the pushed image's
 * digest. A run that does not succeed, or that pushed nothing ({@code dryRun}), fails the step.
 */
public class UniformBuildStep extends UniformStepBase {
    public static final String FUNCTION = "uniformBuild";

    @DataBoundConstructor
    public UniformBuildStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;

        private final transient UniformBuildStep step;

        Execution(StepContext context, UniformBuildStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            StepSupport.Outcome outcome = StepSupport.runPipeline(getContext(), step, FUNCTION, Stage.PUSH);
            StepSupport.requireSuccess(outcome);
            String digest = pushedDigest(outcome.report());
            getContext().get(TaskListener.class).getLogger()
                    .println(ConsoleRenderer.PREFIX + FUNCTION + ": pushed " + digest);
            return digest;
        }
    }

    /** The digest the push stage pushed; fails clearly when nothing was pushed. */
    static String pushedDigest(RunReport report) throws AbortException {
        RunReport.StageReport push = report.stage(Stage.PUSH).orElseThrow();
        if (push.status() != RunReport.StageStatus.SUCCEEDED) {
            throw new AbortException(FUNCTION + ": no image was pushed, so there is no digest to return (push "
                    + push.status().id() + push.reason().map(r -> ": " + r).orElse("")
                    + "); remove dryRun: true to push");
        }
        return report.image().flatMap(RunReport.Image::digest).orElseThrow(() -> new AbortException(
                FUNCTION + ": the push succeeded but the run report has no image digest (report a bug)"));
    }

    @Extension
    @Symbol(FUNCTION)
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return StepSupport.requiredContext();
        }

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @Override
        public String getDisplayName() {
            return "Uniform Pipeline: build and push the image, return its digest";
        }
    }
}
