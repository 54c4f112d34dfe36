package org.jenkinsci.remoting;

/** Declaration of {@code org.jenkinsci.remoting.RoleChecker} (remoting). */
public abstract class RoleChecker {
    protected RoleChecker() {
    }
}
