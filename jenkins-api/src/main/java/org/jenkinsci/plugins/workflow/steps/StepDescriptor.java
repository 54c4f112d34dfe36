package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;

import java.util.Collections;
import java.util.Set;

/** Declaration of {@code org.jenkinsci.plugins.workflow.steps.StepDescriptor} (workflow-step-api). */
public abstract class StepDescriptor extends Descriptor<Step> {
    protected StepDescriptor() {
    }

    public abstract Set<? extends Class<?>> getRequiredContext();

    public Set<? extends Class<?>> getProvidedContext() {
        return Collections.emptySet();
    }

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        return false;
    }

    public boolean isAdvanced() {
        return false;
    }
}
