package dev.uniformpipeline.core.api;

import java.time.Duration;
import java.util.Optional;

/** A run in progress, from {@link UniformPipeline#start()}. */
public interface PipelineRun {
    /** Unique id of this run (also in the report). */
    String id();

    /**
     * Asks the run to stop: the running stage (or each running target) is interrupted, later stages are not
     * started, and the report says where the run stopped. Returns at once; idempotent.
     */
    void cancel();

    /**
     * Waits for the run to end and returns its report. Never throws for a failed run: the report says what
     * failed. If the waiting thread is interrupted, the run is cancelled, this waits for it to stop, returns the
     * cancelled report and leaves the thread's interrupt flag set.
     */
    RunReport await();

    /** Like {@link #await()} but gives up after {@code timeout} (the run keeps going); empty if not done. */
    Optional<RunReport> await(Duration timeout);

    boolean isDone();
}
