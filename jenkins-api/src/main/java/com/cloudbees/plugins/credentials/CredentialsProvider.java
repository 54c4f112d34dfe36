package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import dev.uniformpipeline.jenkinsapi.OfflineJenkins;
import hudson.ExtensionPoint;
import hudson.model.Run;

/**
 * Declaration of {@code com.cloudbees.plugins.credentials.CredentialsProvider}: the two static methods the plugin
 * calls. Offline they read the store of {@link OfflineJenkins}.
 */
public abstract class CredentialsProvider implements ExtensionPoint {
    protected CredentialsProvider() {
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
                                                                 DomainRequirement... domainRequirements) {
        Credentials c = OfflineJenkins.credential(id);
        return type.isInstance(c) ? type.cast(c) : null;
    }

    public static <C extends Credentials> C track(Run run, C credentials) {
        if (credentials instanceof IdCredentials id) {
            OfflineJenkins.tracked(run, id.getId());
        }
        return credentials;
    }
}
