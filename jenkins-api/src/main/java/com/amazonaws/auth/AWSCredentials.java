package com.amazonaws.auth;

/** Declaration of {@code com.amazonaws.auth.AWSCredentials} (AWS SDK v1 type, as exposed by aws-credentials). */
public interface AWSCredentials {
    String getAWSAccessKeyId();

    String getAWSSecretKey();
}
