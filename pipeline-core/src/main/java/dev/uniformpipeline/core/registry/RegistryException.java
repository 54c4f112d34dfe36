package dev.uniformpipeline.core.registry;

import dev.uniformpipeline.core.api.PipelineException;

/** A registry operation failed. Messages name the registry/repository/tag and the fix, never a secret. */
public class RegistryException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public RegistryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public Kind kind() {
        return switch (reason) {
            case INVALID_REQUEST -> Kind.INVALID_INPUT;
            case TAG_IMMUTABLE, PUSH_FAILED -> Kind.PIPELINE_FAILED;
            case AUTHENTICATION, UNREACHABLE, TLS, NOT_FOUND, ECR -> Kind.ENVIRONMENT;
        };
    }

    /** Why. */
    public enum Reason {
        /** Credentials missing or refused. */
        AUTHENTICATION,
        /** Connection refused, unknown host, timeout. */
        UNREACHABLE,
        /** The server's certificate is not trusted (configure its CA) or TLS failed. */
        TLS,
        /** The repository or tag does not exist. */
        NOT_FOUND,
        /** The tag exists with another digest and the repository's tags are immutable. */
        TAG_IMMUTABLE,
        /** The push itself failed. */
        PUSH_FAILED,
        /** The request is inconsistent. */
        INVALID_REQUEST,
        /** An ECR API call failed. */
        ECR
    }
}
