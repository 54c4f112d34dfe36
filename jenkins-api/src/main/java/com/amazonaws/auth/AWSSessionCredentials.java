package com.amazonaws.auth;

/** Declaration of {@code com.amazonaws.auth.AWSSessionCredentials}. */
public interface AWSSessionCredentials extends AWSCredentials {
    String getSessionToken();
}
