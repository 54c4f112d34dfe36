package dev.uniformpipeline.core.api;

/**
 * The stage has no implementation in this build yet. Thrown instead of pretending the stage succeeded.
 * Message: {@code not implemented yet: <what>, see <issue>}.
 */
public class StageNotImplementedException extends StageException {
    private static final long serialVersionUID = 1L;
    private final String what;

    public StageNotImplementedException(Stage stage, String target, String what, String issue) {
        super(stage, target, Kind.PIPELINE_FAILED, "not implemented yet: " + what + ", see " + issue, null);
        this.what = what;
    }

    /** What is missing, e.g. {@code checkout (git clone/fetch with JGit)}. */
    public String what() {
        return what;
    }
}
