package dev.uniformpipeline.mavenext;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;
import org.apache.maven.eventspy.AbstractEventSpy;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.project.DefaultDependencyResolutionRequest;
import org.apache.maven.project.DependencyResolutionException;
import org.apache.maven.project.DependencyResolutionResult;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectDependenciesResolver;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;

/**
 * When a project of the build succeeds, writes its runtime classpath (compile and runtime scope, in Maven's
 * resolution order) to the file named by {@code -Duniform.classpath.file} (relative to the project folder), in the
 * format of {@code dependency:build-classpath}: the files joined with the path separator. The whole graph is resolved
 * (as the dependency plugin does, it asks for the test scope) and then filtered, so the order and the versions are
 * the plugin's.
 */
@Named
@Singleton
public class ClasspathWriter extends AbstractEventSpy {
    static final String PROPERTY = "uniform.classpath.file";
    private static final Set<String> RUNTIME = Set.of("compile", "runtime");
    private final ProjectDependenciesResolver resolver;

    @Inject
    public ClasspathWriter(ProjectDependenciesResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void onEvent(Object event) throws Exception {
        if (!(event instanceof ExecutionEvent)) {
            return;
        }
        ExecutionEvent e = (ExecutionEvent) event;
        if (e.getType() != ExecutionEvent.Type.ProjectSucceeded || e.getProject() == null) {
            return;
        }
        String name = e.getSession().getUserProperties().getProperty(PROPERTY);
        if (name == null || name.isEmpty()) {
            return;
        }
        MavenProject project = e.getProject();
        DependencyResolutionResult result;
        try {
            result = resolver.resolve(new DefaultDependencyResolutionRequest(project,
                    e.getSession().getRepositorySession()));
        } catch (DependencyResolutionException ex) {
            throw new IOException("uniform classpath: cannot resolve the dependencies of " + project.getId()
                    + ": " + ex.getMessage(), ex);
        }
        List<String> files = new ArrayList<>();
        collect(result.getDependencyGraph().getChildren(), files);
        Path out = project.getBasedir().toPath().resolve(name);
        Files.createDirectories(out.getParent());
        Files.write(out, String.join(File.pathSeparator, files).getBytes(StandardCharsets.UTF_8));
    }

    /** Pre-order, like Maven's project artifacts; then filtered by scope, as the plugin filters project.getArtifacts(). */
    private static void collect(List<DependencyNode> nodes, List<String> files) {
        for (DependencyNode node : nodes) {
            Dependency d = node.getDependency();
            if (d != null && RUNTIME.contains(d.getScope()) && d.getArtifact().getFile() != null) {
                files.add(d.getArtifact().getFile().getAbsolutePath());
            }
            collect(node.getChildren(), files);
        }
    }
}
