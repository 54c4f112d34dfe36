package hudson.remoting;

/** Declaration of {@code hudson.remoting.VirtualChannel} (remoting); the plugin only receives it. */
public interface VirtualChannel {
}
