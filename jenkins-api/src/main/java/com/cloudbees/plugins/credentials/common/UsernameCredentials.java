package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

/** Declaration of {@code com.cloudbees.plugins.credentials.common.UsernameCredentials}. */
public interface UsernameCredentials extends Credentials {
    String getUsername();
}
