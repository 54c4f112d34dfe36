package hudson.model;

import hudson.ExtensionPoint;

/**
 * Declaration of {@code hudson.model.Job} (the plugin only needs it as Run's type bound). The real class
 * {@code extends AbstractItem implements ExtensionPoint, StaplerOverridable, ModelObjectWithChildren, HasWidgets};
 * only {@link ExtensionPoint} is declared here. The real constructor is {@code Job(ItemGroup, String)}; the no-argument
 * one is a test convenience.
 */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements ExtensionPoint {
    protected Job() {
    }
}
