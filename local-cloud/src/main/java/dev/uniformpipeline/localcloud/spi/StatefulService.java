package dev.uniformpipeline.localcloud.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A service whose state survives a restart of a standalone local-cloud ({@code --state-dir}).
 * The front door saves every stateful service's snapshot on shutdown (and periodically) under
 * {@code <state-dir>/<name>.json} and restores it before serving the first request.
 */
public interface StatefulService {
    /** File name stem, e.g. {@code ecs}. */
    String stateName();

    /** The whole state as JSON (must round-trip through {@link #restore(JsonNode)}). */
    JsonNode snapshot();

    /** Replaces the state with a snapshot taken earlier; time-based work resumes from there. */
    void restore(JsonNode snapshot);
}
