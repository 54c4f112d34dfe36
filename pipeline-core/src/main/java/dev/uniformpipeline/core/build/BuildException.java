package dev.uniformpipeline.core.build;

import dev.uniformpipeline.core.api.PipelineException;

/** A build failed. The message names the file or field, what was wrong and the fix. */
public class BuildException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public BuildException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BuildException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public Kind kind() {
        return switch (reason) {
            case NO_BUILDER, INVALID_REQUEST, UNKNOWN_BASE_IMAGE -> Kind.INVALID_INPUT;
            case TOOL_FAILED -> Kind.PIPELINE_FAILED;
            case TOOL_MISSING, REGISTRY, IO, NOT_IMPLEMENTED -> Kind.ENVIRONMENT;
        };
    }

    /** Why a build failed. */
    public enum Reason {
        /** No builder recognised the source tree, or the named builder does not exist. */
        NO_BUILDER,
        /** The request is inconsistent (a layer source outside the tree, a bad port). */
        INVALID_REQUEST,
        /** The base image is unknown (no such local base, unresolvable reference). */
        UNKNOWN_BASE_IMAGE,
        /** The project's build tool ran and failed. */
        TOOL_FAILED,
        /** A build tool the builder needs is not installed. */
        TOOL_MISSING,
        /** The registry (for the base image or the target) failed. */
        REGISTRY,
        /** Local I/O failed. */
        IO,
        /** The builder is detected but not implemented yet. */
        NOT_IMPLEMENTED
    }
}
