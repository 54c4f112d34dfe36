package com.cloudbees.jenkins.plugins.sshcredentials;

import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;

/**
 * Declaration of {@code com.cloudbees.jenkins.plugins.sshcredentials.SSHUser} (ssh-credentials plugin): deprecated
 * there in favour of {@code StandardUsernameCredentials}, still the direct supertype of {@link SSHUserPrivateKey}.
 */
@Deprecated
public interface SSHUser extends StandardUsernameCredentials {
}
