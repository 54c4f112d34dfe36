package hudson;

/** Declaration of {@code hudson.ExtensionPoint} (marker interface). */
public interface ExtensionPoint {
}
