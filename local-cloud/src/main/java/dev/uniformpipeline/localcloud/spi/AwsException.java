package dev.uniformpipeline.localcloud.spi;

/**
 * An error answered in AWS's shape. {@code code} is the shape name as the protocol wants it
 * ({@code InvalidParameterException} for JSON services, {@code TargetGroupNotFound} for ELBv2);
 * {@code sender} is false only for server faults.
 */
public final class AwsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final int httpStatus;
    private final boolean sender;

    public AwsException(String code, String message, int httpStatus, boolean sender) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.sender = sender;
    }

    /** A client fault answered with HTTP 400. */
    public static AwsException client(String code, String message) {
        return new AwsException(code, message, 400, true);
    }

    public String code() { return code; }
    public int httpStatus() { return httpStatus; }
    public boolean sender() { return sender; }
}
