package com.cloudbees.plugins.credentials.common;

/** Declaration of {@code com.cloudbees.plugins.credentials.common.StandardCredentials}. */
public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
