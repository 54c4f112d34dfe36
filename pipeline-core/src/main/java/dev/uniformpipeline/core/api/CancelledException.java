package dev.uniformpipeline.core.api;

import java.util.Optional;

/**
 * The run was cancelled ({@link PipelineRun#cancel()}, an interrupt, or the whole-run timeout) before it
 * finished. Says which stage was running when it stopped.
 */
public class CancelledException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final Stage stage;

    public CancelledException(Stage stage, String message) {
        super(message);
        this.stage = stage;
    }

    /** The stage that was running when the run stopped; empty if it stopped between stages. */
    public Optional<Stage> stage() {
        return Optional.ofNullable(stage);
    }

    @Override
    public Kind kind() {
        return Kind.PIPELINE_FAILED;
    }
}
