package hudson.model;

/** Declaration of {@code hudson.model.Describable}. */
public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
