package jenkins;

import hudson.FilePath;
import org.jenkinsci.remoting.RoleChecker;

/** Declaration of {@code jenkins.MasterToSlaveFileCallable}: a FileCallable that only the controller may send. */
public abstract class MasterToSlaveFileCallable<T> implements FilePath.FileCallable<T> {
    private static final long serialVersionUID = 1L;

    protected MasterToSlaveFileCallable() {
    }

    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {
    }
}
