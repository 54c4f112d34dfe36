package dev.uniformpipeline.core.source;

import dev.uniformpipeline.core.api.PipelineException;

/**
 * A checkout failed. The message names the (redacted) URL, the ref and the fix; {@link #reason()} says why in a
 * form the edges can branch on.
 */
public class CheckoutException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public CheckoutException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CheckoutException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public Kind kind() {
        return switch (reason) {
            case UNKNOWN_REF, INVALID_REQUEST, NOT_A_REPOSITORY -> Kind.INVALID_INPUT;
            case AUTHENTICATION, UNREACHABLE, REPOSITORY_NOT_FOUND, IO -> Kind.ENVIRONMENT;
        };
    }

    /** Why a checkout failed. */
    public enum Reason {
        /** The credentials were missing, wrong or refused. */
        AUTHENTICATION,
        /** The branch, tag or commit does not exist in the repository. */
        UNKNOWN_REF,
        /** The host could not be reached (refused, unknown host, timeout). */
        UNREACHABLE,
        /** The host answered but has no repository at that path. */
        REPOSITORY_NOT_FOUND,
        /** A local path is not inside a git working tree. */
        NOT_A_REPOSITORY,
        /** The request itself is inconsistent (for example a ref for a local working tree that is elsewhere). */
        INVALID_REQUEST,
        /** Local I/O failed (disk full, permissions). */
        IO
    }
}
