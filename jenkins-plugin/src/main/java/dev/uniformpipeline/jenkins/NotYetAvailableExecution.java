package dev.uniformpipeline.jenkins;

import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * The execution of a step whose engine entry point does not exist in pipeline-core yet: it fails the build with
 * "not implemented yet", naming what is missing, and never reports success.
 */
final class NotYetAvailableExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;
    private final String what;
    private final String missing;

    NotYetAvailableExecution(StepContext context, String what, String missing) {
        super(context);
        this.what = what;
        this.missing = missing;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        throw StepSupport.notImplemented(what, missing);
    }
}
