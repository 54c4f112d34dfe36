package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;

import java.io.PrintStream;

/** Declaration of {@code jenkins.util.BuildListenerAdapter}. */
public final class BuildListenerAdapter implements BuildListener {
    private static final long serialVersionUID = 1L;
    private final TaskListener delegate;

    public BuildListenerAdapter(TaskListener delegate) {
        this.delegate = delegate;
    }

    public static BuildListener wrap(TaskListener l) {
        return l instanceof BuildListener b ? b : new BuildListenerAdapter(l);
    }

    @Override
    public PrintStream getLogger() {
        return delegate.getLogger();
    }
}
