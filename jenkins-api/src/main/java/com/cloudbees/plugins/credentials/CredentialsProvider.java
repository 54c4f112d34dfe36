package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import dev.uniformpipeline.jenkinsapi.OfflineJenkins;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Run;

/**
 * Declaration of {@code com.cloudbees.plugins.credentials.CredentialsProvider}: the supertypes (a {@code Descriptor}
 * of itself, an {@code ExtensionPoint}; {@code IconSpec} is not declared) and the two static methods the plugin
 * calls. Offline they read the store of {@link OfflineJenkins}.
 */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    protected CredentialsProvider() {
    }

    @Override
    public Descriptor<CredentialsProvider> getDescriptor() {
        return this;
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
