package dev.uniformpipeline.jenkins;

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
 * {@code uniformPipeline(file: 'pipeline.yml', targets: ['staging'], env: 'prod', set: [:], dryRun: false)}: runs the
 * whole pipeline (checkout, build, push, deploy, verify) on the agent that holds the workspace and returns the run
 * report as a Map. A run that does not succeed fails the step with the verdict; the report is archived either way.
 */
public class UniformPipelineStep extends UniformStepBase {
    public static final String FUNCTION = "uniformPipeline";

    @DataBoundConstructor
    public UniformPipelineStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient UniformPipelineStep step;

        Execution(UniformPipelineStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepSupport.Outcome outcome = StepSupport.runPipeline(getContext(), step, FUNCTION);
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
            return "Uniform Pipeline: run the whole pipeline (checkout, build, push, deploy, verify)";
        }
    }
}
