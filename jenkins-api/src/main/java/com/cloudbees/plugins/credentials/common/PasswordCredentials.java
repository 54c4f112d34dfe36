package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import hudson.util.Secret;

/** Declaration of {@code com.cloudbees.plugins.credentials.common.PasswordCredentials}. */
public interface PasswordCredentials extends Credentials {
    Secret getPassword();
}
