package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** Declaration of {@code org.jenkinsci.plugins.plaincredentials.StringCredentials} (plain-credentials plugin). */
public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
