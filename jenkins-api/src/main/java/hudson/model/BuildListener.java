package hudson.model;

/** Declaration of {@code hudson.model.BuildListener}. */
public interface BuildListener extends TaskListener {
}
