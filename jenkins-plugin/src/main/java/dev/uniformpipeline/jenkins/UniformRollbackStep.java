package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.Stage;
import hudson.AbortException;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code uniformRollback(target: 'staging')}: put the previous version of one target back and verify it
 * (pipeline-core's {@code UniformPipeline.rollback(target)}: checkout, build and push are skipped), returning the
 * run report as a Map. {@code targets} and {@code dryRun} do not apply; a run that does not succeed fails the step
 * with the verdict; the report is archived either way.
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
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient UniformRollbackStep step;

        Execution(UniformRollbackStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            String target = step.getTarget();
            if (target == null || target.isEmpty()) {
                throw new AbortException(FUNCTION + ": target is required: the name of one target of the pipeline"
                        + " file, e.g. uniformRollback(target: 'staging')");
            }
            if (!step.getTargets().isEmpty() && !step.getTargets().equals(List.of(target))) {
                throw new AbortException(FUNCTION + ": rolls back one target, given by target: '" + target
                        + "'; remove targets: " + step.getTargets());
            }
            if (step.isDryRun()) {
                throw new AbortException(FUNCTION + ": dryRun: true changes nothing, so a rollback would do nothing;"
                        + " remove dryRun");
            }
            StepSupport.Outcome outcome = StepSupport.runPipeline(getContext(), step, FUNCTION, Stage.VERIFY, null,
                    target);
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
            return "Uniform Pipeline: roll a target back to its previous version";
        }
    }
}
