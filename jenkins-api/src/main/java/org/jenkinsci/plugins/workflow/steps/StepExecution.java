package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Declaration of {@code org.jenkinsci.plugins.workflow.steps.StepExecution} (workflow-step-api). */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;
    private final StepContext context;

    protected StepExecution(StepContext context) {
        this.context = context;
    }

    public StepContext getContext() {
        return context;
    }

    public abstract boolean start() throws Exception;

    /** As in workflow-step-api: the default reports the failure to the context at once. */
    public void stop(Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    public void onResume() {
    }

    public String getStatus() {
        return null;
    }
}
