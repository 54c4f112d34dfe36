package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.UniformPipeline;
import hudson.AbortException;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.Map;
import java.util.Set;

/**
 * {@code uniformDeploy(image: 'sha256:…', targets: ['staging'])}: deploy and verify an image that was already pushed
 * (pipeline-core's {@code UniformPipeline.Builder.image}: checkout, build and push are skipped), returning the run
 * report as a Map. {@code image} is a digest ({@code sha256:<64 hex>}, the repository is the pipeline file's) or a
 * whole {@code repository@sha256:…} reference; a tag is refused. A run that does not succeed fails the step with the
 * verdict; the report is archived either way.
 */
public class UniformDeployStep extends UniformStepBase {
    public static final String FUNCTION = "uniformDeploy";
    private final String image;

    @DataBoundConstructor
    public UniformDeployStep(String image) {
        this.image = image == null ? null : image.strip();
    }

    public String getImage() {
        return image;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient UniformDeployStep step;

        Execution(UniformDeployStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            if (step.getImage() == null || step.getImage().isEmpty()) {
                throw new AbortException(FUNCTION + ": image is required: the digest to deploy, e.g. image: digest"
                        + " with def digest = uniformBuild(...)");
            }
            try {
                UniformPipeline.builder().image(step.getImage()); // checks the reference before going to the agent
            } catch (IllegalArgumentException e) {
                throw new AbortException(FUNCTION + ": " + e.getMessage());
            }
            StepSupport.Outcome outcome = StepSupport.runPipeline(getContext(), step, FUNCTION, Stage.VERIFY,
                    step.getImage(), null);
            StepSupport.requireSuccess(outcome);
            return ReportMaps.toMap(outcome.json());
        }
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
            return "Uniform Pipeline: deploy an image digest to targets";
        }
    }
}
