package hudson.model;

import jenkins.model.ArtifactManager;
import jenkins.model.StandardArtifactManager;

import java.io.File;
import java.io.IOException;

/**
 * Declaration of {@code hudson.model.Run} (only what the plugin uses). Offline, the build directory is given to the
 * (protected) constructor and the artifact manager is always the standard one, which copies into
 * {@link #getArtifactsDir()}.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    private final JobT project;
    private final File rootDir;
    private transient ArtifactManager artifactManager;

    protected Run(JobT job, File rootDir) {
        this.project = job;
        this.rootDir = rootDir;
    }

    public JobT getParent() {
        return project;
    }

    public File getRootDir() {
        return rootDir;
    }

    public File getArtifactsDir() {
        return new File(getRootDir(), "archive");
    }

    public final ArtifactManager getArtifactManager() {
        return artifactManager != null ? artifactManager : new StandardArtifactManager(this);
    }

    public final synchronized ArtifactManager pickArtifactManager() throws IOException {
        if (artifactManager == null) {
            artifactManager = new StandardArtifactManager(this);
        }
        return artifactManager;
    }

    public String getFullDisplayName() {
        return getClass().getSimpleName();
    }
}
