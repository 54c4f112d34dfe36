package com.cloudbees.plugins.credentials.common;

/** Declaration of {@code com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials}. */
public interface StandardUsernamePasswordCredentials extends StandardUsernameCredentials, UsernamePasswordCredentials {
}
