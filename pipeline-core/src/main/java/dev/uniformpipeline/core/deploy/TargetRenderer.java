package dev.uniformpipeline.core.deploy;

import java.util.List;

import dev.uniformpipeline.core.api.Problem;

/** Renders one resolved target. Pure: no network calls. Implementations live in one package per platform. */
public interface TargetRenderer {
    /** Problems specific to this platform (the common ones are checked by {@link IntentValidator}). */
    List<Problem> validate(RenderInput input);

    /** Renders a validated input. */
    RenderedTarget render(RenderInput input);
}
