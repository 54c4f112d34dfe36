package dev.uniformpipeline.core.api;

/** The checkout stage failed (checking out the source). */
public class CheckoutException extends StageException {
    private static final long serialVersionUID = 1L;

    public CheckoutException(String message) {
        this(Kind.PIPELINE_FAILED, message, null);
    }

    /** @param kind {@link Kind#ENVIRONMENT} when something around the pipeline is at fault (network, credentials) */
    public CheckoutException(Kind kind, String message, Throwable cause) {
        super(Stage.CHECKOUT, null, kind, message, cause);
    }
}
