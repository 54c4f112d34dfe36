package hudson;

/** Declaration of {@code hudson.Launcher}; the plugin only passes it through to the artifact manager. */
public abstract class Launcher {
    protected Launcher() {
    }

    /** Declaration of {@code hudson.Launcher.LocalLauncher} (constructor simplified: no TaskListener needed). */
    public static class LocalLauncher extends Launcher {
        public LocalLauncher(hudson.model.TaskListener listener) {
        }
    }
}
