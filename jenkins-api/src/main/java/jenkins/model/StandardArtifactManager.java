package jenkins.model;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.BuildListener;
import hudson.model.Run;

import java.io.IOException;
import java.util.Map;

/** Declaration of {@code jenkins.model.StandardArtifactManager}: copies into the build's archive directory. */
public class StandardArtifactManager extends ArtifactManager {
    private final Run<?, ?> build;

    public StandardArtifactManager(Run<?, ?> build) {
        this.build = build;
    }

    @Override
    public void archive(FilePath workspace, Launcher launcher, BuildListener listener, Map<String, String> artifacts)
            throws IOException, InterruptedException {
        FilePath dir = new FilePath(build.getArtifactsDir());
        for (Map.Entry<String, String> e : artifacts.entrySet()) {
            workspace.child(e.getValue()).copyTo(dir.child(e.getKey()));
        }
    }
}
