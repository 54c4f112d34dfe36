package com.cloudbees.plugins.credentials.common;

import hudson.util.Secret;

/**
 * Declaration of {@code com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials} ({@code getPassword()}
 * is inherited from {@code PasswordCredentials} in recent credentials releases; same signature).
 */
public interface UsernamePasswordCredentials extends UsernameCredentials {
    Secret getPassword();
}
