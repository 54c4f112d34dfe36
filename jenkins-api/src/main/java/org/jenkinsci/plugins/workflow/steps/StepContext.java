package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;

import java.io.IOException;
import java.io.Serializable;

/**
 * Declaration of {@code org.jenkinsci.plugins.workflow.steps.StepContext} (workflow-step-api), limited to the
 * methods the plugin or a test context needs (no body invocation).
 */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    public abstract boolean isReady();

    @Override
    public abstract void onSuccess(Object result);

    @Override
    public abstract void onFailure(Throwable t);
}
