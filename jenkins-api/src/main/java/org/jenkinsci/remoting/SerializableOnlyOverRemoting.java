package org.jenkinsci.remoting;

import java.io.Serializable;

/**
 * Declaration of {@code org.jenkinsci.remoting.SerializableOnlyOverRemoting} (remoting): objects that are
 * Serializable only for sending over a remoting channel. The real interface's default
 * {@code getChannelForSerialization()} (restricted to implementers) is not declared.
 */
public interface SerializableOnlyOverRemoting extends Serializable {
}
