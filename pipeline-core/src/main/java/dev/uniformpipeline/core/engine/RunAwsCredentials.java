package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.aws.AwsCredentialChain;
import dev.uniformpipeline.core.aws.AwsCredentialsException;

import dev.uniformpipeline.core.registry.RegistryException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.util.Map;

/**
 * The AWS credentials of one run, from the run's environment (what {@code UniformPipeline.Builder.environment(..)}
 * was given, e.g. the Jenkins step's {@code awsCredentialsId} values) rather than the process environment:
 * {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}) when set there, else
 * {@code AWS_PROFILE}, else the SDK's default chain (profiles, SSO, container and instance roles); see
 * {@link AwsCredentialChain}.
 */
final class RunAwsCredentials {
    static final String KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET = "AWS_SECRET_ACCESS_KEY";
    static final String TOKEN = "AWS_SESSION_TOKEN";

    private RunAwsCredentials() {
    }

    static AwsCredentialsProvider from(Map<String, String> env) throws RegistryException {
        try {
            return new AwsCredentialChain(env, line -> { }).base(null);
        } catch (AwsCredentialsException e) {
            throw new RegistryException(RegistryException.Reason.AUTHENTICATION, e.getMessage(), e);
        }
    }

    /** {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, of the run's environment; null if neither is set. */
    static String region(Map<String, String> env) {
        String region = nonBlank(env.get("AWS_REGION"));
        return region != null ? region : nonBlank(env.get("AWS_DEFAULT_REGION"));
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
