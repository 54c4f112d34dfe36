package dev.uniformpipeline.jenkins;

import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.Set;

/**
 * {@code uniformBuild(file: 'pipeline.yml', env: 'prod')}: checkout, build and push only, returning the image digest.
 * Fails with "not implemented yet" until pipeline-core's API can stop a run after push.
 */
public class UniformBuildStep extends UniformStepBase {
    public static final String FUNCTION = "uniformBuild";

    @DataBoundConstructor
    public UniformBuildStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context) {
            super(context);
        }

        @Override
        protected String run() throws Exception {
            throw StepSupport.notImplemented("uniformBuild (checkout, build and push only)",
                    "option to stop a run after the push stage");
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
            return "Uniform Pipeline: build and push the image, return its digest";
        }
    }
}
