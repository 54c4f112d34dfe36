package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.v1.PipelineSpec;

import java.util.Map;

/** The semantic rules (AWS limits users trip on), run on the bound model. */
final class Validator {
    private final ProblemSink sink;
    private final Map<String, Origin> origins;
    private final boolean resolved;

    Validator(ProblemSink sink, Map<String, Origin> origins, boolean resolved) {
        this.sink = sink;
        this.origins = origins;
        this.resolved = resolved;
    }

    void validate(PipelineSpec spec) {
        // rules follow
    }
}
