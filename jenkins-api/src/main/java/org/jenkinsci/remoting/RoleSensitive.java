package org.jenkinsci.remoting;

/** Declaration of {@code org.jenkinsci.remoting.RoleSensitive} (remoting). */
public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
