package jenkins.model;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.BuildListener;

import java.io.IOException;
import java.util.Map;

/** Declaration of {@code jenkins.model.ArtifactManager}. */
public abstract class ArtifactManager {
    protected ArtifactManager() {
    }

    /**
     * @param artifacts map from paths in the archive to paths relative to {@code workspace}
     */
    public abstract void archive(FilePath workspace, Launcher launcher, BuildListener listener,
                                 Map<String, String> artifacts) throws IOException, InterruptedException;
}
