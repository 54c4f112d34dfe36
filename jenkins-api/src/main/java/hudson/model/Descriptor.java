package hudson.model;

/** Declaration of {@code hudson.model.Descriptor} (only what the plugin uses). */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
    }

    protected Descriptor(Class<? extends T> clazz) {
    }

    public String getDisplayName() {
        return getClass().getSimpleName();
    }
}
