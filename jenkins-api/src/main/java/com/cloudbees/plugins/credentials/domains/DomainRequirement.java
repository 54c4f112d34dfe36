package com.cloudbees.plugins.credentials.domains;

import hudson.ExtensionPoint;
import java.io.Serializable;

/**
 * Declaration of {@code com.cloudbees.plugins.credentials.domains.DomainRequirement}: as in credentials-plugin, an
 * {@link ExtensionPoint} as well as {@link Serializable}.
 */
public class DomainRequirement implements ExtensionPoint, Serializable {
    private static final long serialVersionUID = 1L;

    public DomainRequirement() {
    }
}
