package dev.uniformpipeline.core.source;

/** Progress of a checkout. Core never prints: the edges render these. Implementations must be thread-safe. */
public interface CheckoutListener {
    /** A listener that ignores everything. */
    CheckoutListener NONE = new CheckoutListener() { };

    /** A step started or finished ("cloning git://host/repo (ref main, depth 1)"). Never carries a secret. */
    default void step(String message) { }

    /** Transfer progress of one task ("Receiving objects"); {@code total} is 0 when unknown. */
    default void progress(String task, int done, int total) { }
}
