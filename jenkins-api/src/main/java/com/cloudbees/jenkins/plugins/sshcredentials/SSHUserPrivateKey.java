package com.cloudbees.jenkins.plugins.sshcredentials;

import hudson.util.Secret;

import java.util.List;

/**
 * Declaration of {@code com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey} (ssh-credentials plugin):
 * an ssh user name with private keys (the key text, OpenSSH or PEM, not a path) and an optional passphrase. The
 * real interface also carries SpotBugs nullness annotations ({@code @NonNull}, {@code @CheckForNull}), not declared here.
 */
@SuppressWarnings("deprecation")
public interface SSHUserPrivateKey extends SSHUser {
    /** The first private key. Deprecated in the plugin: use {@link #getPrivateKeys()}. */
    @Deprecated
    String getPrivateKey();

    /** The passphrase of the keys, or null if they are not protected by one. */
    Secret getPassphrase();

    /** The keys to try, in order. */
    List<String> getPrivateKeys();
}
