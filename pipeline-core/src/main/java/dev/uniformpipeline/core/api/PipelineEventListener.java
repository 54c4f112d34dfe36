package dev.uniformpipeline.core.api;

/**
 * Receives {@link PipelineEvent}s. Called one event at a time, in order, from the engine's threads; keep it
 * quick. An exception thrown by a listener is swallowed (it never breaks the run).
 */
@FunctionalInterface
public interface PipelineEventListener {
    void onEvent(PipelineEvent event);
}
