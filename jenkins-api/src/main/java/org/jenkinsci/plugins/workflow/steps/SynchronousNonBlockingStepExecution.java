package org.jenkinsci.plugins.workflow.steps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Declaration of {@code org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution}
 * (workflow-step-api). Behaves like the real one: {@link #start()} runs {@link #run()} on a pool thread and reports
 * the result to the context; {@link #stop(Throwable)} interrupts that thread and reports the cause.
 */
public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "SynchronousNonBlockingStepExecution");
        t.setDaemon(true);
        return t;
    });
    private transient volatile Future<?> task;
    private transient volatile Throwable stopCause;

    protected SynchronousNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        task = POOL.submit(() -> {
            try {
                getContext().onSuccess(run());
            } catch (Throwable e) {
                Throwable cause = stopCause;
                if (cause != null && cause != e) {
                    e.addSuppressed(cause);
                }
                getContext().onFailure(e);
            }
        });
        return false;
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        stopCause = cause;
        Future<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
        super.stop(cause);
    }

    @Override
    public void onResume() {
        getContext().onFailure(new Exception("Resume after a restart not supported for non-blocking synchronous steps"));
    }
}
