package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/**
 * Declaration of {@code com.cloudbees.plugins.credentials.Credentials} (credentials plugin). The real interface also
 * extends {@code Describable<Credentials>} and has {@code getScope()}/{@code getDescriptor()}; the plugin uses neither.
 */
public interface Credentials extends Serializable {
}
