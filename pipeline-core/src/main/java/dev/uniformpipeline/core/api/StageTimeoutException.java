package dev.uniformpipeline.core.api;

import java.time.Duration;

/** A stage, or the whole run, took longer than its timeout and was stopped. */
public class StageTimeoutException extends StageException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    public StageTimeoutException(Stage stage, String target, Duration timeout, String message) {
        super(stage, target, Kind.PIPELINE_FAILED, message, null);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
