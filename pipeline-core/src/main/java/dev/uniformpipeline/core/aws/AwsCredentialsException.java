package dev.uniformpipeline.core.aws;

import dev.uniformpipeline.core.api.EnvironmentException;

/**
 * The run's AWS credentials cannot be found or were refused (profile missing, half a key pair, AssumeRole denied,
 * keys unknown to STS). The message names where the pipeline looked and the fix; it never holds a secret.
 */
public class AwsCredentialsException extends EnvironmentException {
    private static final long serialVersionUID = 1L;

    public AwsCredentialsException(String message) {
        super(message);
    }

    public AwsCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
