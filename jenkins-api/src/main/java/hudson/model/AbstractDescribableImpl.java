package hudson.model;

/**
 * Declaration of {@code hudson.model.AbstractDescribableImpl}. Offline, {@link #getDescriptor()} instantiates the
 * nested {@code DescriptorImpl} of the class (Jenkins looks the {@code @Extension} instance up instead).
 */
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<T> getDescriptor() {
        for (Class<?> c = getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> nested : c.getDeclaredClasses()) {
                if (Descriptor.class.isAssignableFrom(nested)) {
                    try {
                        var ctor = nested.getDeclaredConstructor();
                        ctor.setAccessible(true);
                        return (Descriptor<T>) ctor.newInstance();
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot create " + nested.getName(), e);
                    }
                }
            }
        }
        throw new IllegalStateException("no descriptor nested in " + getClass().getName());
    }
}
