package dev.uniformpipeline.core.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link UniformPipeline#validate()}: either valid (with a summary of what the file describes)
 * or every problem found. {@link #toJson()} writes the documented shape (docs/validate.md).
 *
 * @param pipeline the pipeline's name, when the file could be read far enough to know it
 */
public record ValidationResult(int schemaVersion, String pipelineFile, boolean valid, Optional<String> pipeline,
                               List<TargetSummary> targets, List<Problem> problems) {

    public static final int SCHEMA_VERSION = 1;

    public ValidationResult {
        Objects.requireNonNull(pipelineFile, "pipelineFile");
        Objects.requireNonNull(pipeline, "pipeline");
        targets = List.copyOf(targets);
        problems = List.copyOf(problems);
        if (valid != problems.isEmpty()) {
            throw new IllegalArgumentException("valid must be true exactly when there are no problems");
        }
    }

    public static ValidationResult valid(String pipelineFile, String pipeline, List<TargetSummary> targets) {
        return new ValidationResult(SCHEMA_VERSION, pipelineFile, true, Optional.of(pipeline), targets, List.of());
    }

    public static ValidationResult invalid(String pipelineFile, List<Problem> problems) {
        return new ValidationResult(SCHEMA_VERSION, pipelineFile, false, Optional.empty(), List.of(), problems);
    }

    public String toJson() {
        return ApiJson.write(ApiJson.validation(this));
    }

    /** A target named in the file. */
    public record TargetSummary(String name, String type) {
        public TargetSummary {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
