package dev.uniformpipeline.jenkins;

import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.Set;

/**
 * {@code uniformDeploy(image: 'sha256:…', targets: ['staging'])}: deploy and verify an image that was already pushed.
 * Fails with "not implemented yet" until pipeline-core's API can start a run at deploy with a given digest.
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
        return new NotYetAvailableExecution(context, "uniformDeploy (deploy and verify an already pushed image)",
                "run that starts at deploy with a given image digest");
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
