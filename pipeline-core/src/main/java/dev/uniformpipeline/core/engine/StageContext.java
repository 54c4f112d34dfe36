package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.Stage;

import java.util.Optional;

/**
 * What a stage's work may do besides its job: report progress and log lines (as events; core never prints), and
 * ask whether it should stop. Work must also stop promptly when its thread is interrupted.
 */
public interface StageContext {
    Stage stage();

    /** The target, for deploy and verify. */
    Optional<String> target();

    /** @param percent 0..100, or -1 when unknown */
    void progress(String message, int percent);

    void log(PipelineEvent.Level level, String message);

    default void log(String message) {
        log(PipelineEvent.Level.INFO, message);
    }

    /** True once the run was cancelled or this stage timed out. */
    boolean stopRequested();
}
