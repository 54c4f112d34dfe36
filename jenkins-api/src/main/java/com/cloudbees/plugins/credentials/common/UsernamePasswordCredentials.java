package com.cloudbees.plugins.credentials.common;

/**
 * Declaration of {@code com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials}: a user name
 * ({@link UsernameCredentials}) and a password ({@link PasswordCredentials#getPassword()}).
 */
public interface UsernamePasswordCredentials extends UsernameCredentials, PasswordCredentials {
}
