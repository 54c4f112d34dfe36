package dev.uniformpipeline.jenkins;

import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.Set;

/**
 * {@code uniformRollback(target: 'staging')}: put the previous version of a target back. Fails with "not implemented
 * yet" until pipeline-core's API offers a rollback.
 */
public class UniformRollbackStep extends UniformStepBase {
    public static final String FUNCTION = "uniformRollback";
    private final String target;

    @DataBoundConstructor
    public UniformRollbackStep(String target) {
        this.target = target == null ? null : target.strip();
    }

    public String getTarget() {
        return target;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new NotYetAvailableExecution(context, "uniformRollback (restore a target's previous version)",
                "rollback entry point");
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
            return "Uniform Pipeline: roll a target back to its previous version";
        }
    }
}
