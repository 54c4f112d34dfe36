package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineEventListener;

import java.util.List;

/**
 * The one way events leave the engine. Thread-safe: events from parallel targets are delivered one at a time,
 * in the order they were emitted. A listener that throws does not break the run or the other listeners.
 */
final class EventSink {
    private final List<PipelineEventListener> listeners;

    EventSink(List<PipelineEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    synchronized void emit(PipelineEvent event) {
        for (PipelineEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException ignored) {
                // a broken renderer must not fail a deployment
            }
        }
    }
}
