package com.amazonaws.auth;

/** Declaration of {@code com.amazonaws.auth.AWSCredentialsProvider}. */
public interface AWSCredentialsProvider {
    AWSCredentials getCredentials();

    void refresh();
}
