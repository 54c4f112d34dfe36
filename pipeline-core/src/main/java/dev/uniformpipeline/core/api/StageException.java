package dev.uniformpipeline.core.api;

import java.util.Objects;
import java.util.Optional;

/** A stage failed. Says which stage and, for per-target stages, which target. */
public abstract class StageException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final Stage stage;
    private final String target;
    private final Kind kind;

    protected StageException(Stage stage, String target, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.stage = Objects.requireNonNull(stage, "stage");
        this.target = target;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Stage stage() {
        return stage;
    }

    /** The target the stage was working on; empty for stages that run once per pipeline. */
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    @Override
    public Kind kind() {
        return kind;
    }
}
