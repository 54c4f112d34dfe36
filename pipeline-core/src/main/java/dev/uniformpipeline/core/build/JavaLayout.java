package dev.uniformpipeline.core.build;

import com.google.cloud.tools.jib.api.MainClassFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Java layering like Jib's: dependencies, snapshot dependencies, resources, classes. */
final class JavaLayout {
    static final String CLASSPATH = "/app/resources:/app/classes:/app/libs/*";

    private JavaLayout() { }

    /**
     * Layers from a directory of dependency jars and a classes directory (both relative to the source root).
     */
    static List<LayerSpec> layers(SourceTree tree, String depsDir, String classesDir) throws BuildException {
        List<LayerSpec.Entry> releases = new ArrayList<>();
        List<LayerSpec.Entry> snapshots = new ArrayList<>();
        if (tree.has(depsDir)) {
            for (LayerSpec.Entry e : tree.entries(depsDir, "/app/libs", rel -> !rel.endsWith(".jar")
                    && !Files.isDirectory(tree.root().resolve(rel)))) {
                (e.target().contains("-SNAPSHOT") ? snapshots : releases).add(e);
            }
        }
        List<LayerSpec> layers = new ArrayList<>();
        if (!releases.isEmpty()) {
            layers.add(new LayerSpec("dependencies", releases));
        }
        if (!snapshots.isEmpty()) {
            layers.add(new LayerSpec("snapshot-dependencies", snapshots));
        }
        layers.addAll(classLayers(tree, classesDir));
        return layers;
    }

    /** The resources and classes layers of a classes directory (relative to the source root); none if absent. */
    private static List<LayerSpec> classLayers(SourceTree tree, String classesDir) throws BuildException {
        List<LayerSpec.Entry> resources = new ArrayList<>();
        List<LayerSpec.Entry> classes = new ArrayList<>();
        if (tree.has(classesDir)) {
            for (LayerSpec.Entry e : tree.entries(classesDir, "/app", rel -> false)) {
                String inside = e.target().substring("/app".length());
                if (inside.endsWith(".class")) {
                    classes.add(new LayerSpec.Entry(e.source(), "/app/classes" + inside, false));
                } else {
                    resources.add(new LayerSpec.Entry(e.source(), "/app/resources" + inside, false));
                }
            }
        }
        List<LayerSpec> layers = new ArrayList<>();
        if (!resources.isEmpty()) {
            layers.add(new LayerSpec("resources", resources));
        }
        if (!classes.isEmpty()) {
            layers.add(new LayerSpec("classes", classes));
        }
        return layers;
    }

    /**
     * Layers from a resolved runtime classpath (jar files, used where they are: the local repository, or a module
     * of this build inside the source tree) and a classes directory relative to the source root. Jars go to
     * {@code /app/libs/<file name>} (a file name used twice gets its group's last folder name in front); jars from
     * inside the tree form the {@code project-dependencies} layer.
     */
    static List<LayerSpec> layers(SourceTree tree, List<Path> classpath, String classesDir) throws BuildException {
        java.util.Map<String, Long> names = classpath.stream().collect(java.util.stream.Collectors.groupingBy(
                p -> p.getFileName().toString(), java.util.stream.Collectors.counting()));
        List<LayerSpec.Entry> releases = new ArrayList<>();
        List<LayerSpec.Entry> snapshots = new ArrayList<>();
        List<LayerSpec.Entry> project = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Path jar : classpath) {
            if (!Files.isRegularFile(jar)) {
                throw new BuildException(BuildException.Reason.TOOL_FAILED, "the runtime classpath names " + jar
                        + ", which is not a file; run the build again (delete target/ to start clean)");
            }
            String name = jar.getFileName().toString();
            if (names.get(name) > 1 && jar.getNameCount() >= 4) {
                name = jar.getParent().getParent().getParent().getFileName() + "-" + name; // .../group/artifact/version/
            }
            if (!used.add(name)) {
                throw new BuildException(BuildException.Reason.TOOL_FAILED, "two runtime dependencies are both named "
                        + name + " (" + jar + "); exclude one of them in the pom");
            }
            LayerSpec.Entry e = new LayerSpec.Entry(jar, "/app/libs/" + name, false);
            if (jar.toAbsolutePath().normalize().startsWith(tree.root())) {
                project.add(e);
            } else {
                (jar.toString().contains("-SNAPSHOT") ? snapshots : releases).add(e);
            }
        }
        List<LayerSpec> layers = new ArrayList<>();
        if (!releases.isEmpty()) {
            layers.add(new LayerSpec("dependencies", releases));
        }
        if (!snapshots.isEmpty()) {
            layers.add(new LayerSpec("snapshot-dependencies", snapshots));
        }
        if (!project.isEmpty()) {
            layers.add(new LayerSpec("project-dependencies", project));
        }
        layers.addAll(classLayers(tree, classesDir));
        return layers;
    }

    /** {@code java <jvmFlags> <rest>}. */
    static List<String> java(List<String> jvmFlags, List<String> rest) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("java");
        cmd.addAll(jvmFlags);
        cmd.addAll(rest);
        return List.copyOf(cmd);
    }

    static String mainClass(BuildContext context, Path classesDir) throws BuildException {
        if (!context.request().mainClass().isEmpty()) {
            return context.request().mainClass();
        }
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(classesDir)) {
            classFiles = walk.filter(p -> p.toString().endsWith(".class")
                    && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot list classes in " + classesDir, e);
        }
        MainClassFinder.Result result = MainClassFinder.find(classFiles, event -> { });
        switch (result.getType()) {
            case MAIN_CLASS_FOUND:
                context.listener().step("main class " + result.getFoundMainClass());
                return result.getFoundMainClass();
            case MULTIPLE_MAIN_CLASSES:
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.mainClass: several classes"
                        + " have a main method " + result.getFoundMainClasses() + "; set build.mainClass to one");
            default:
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.mainClass: no class with a main"
                        + " method in " + classesDir + "; set build.mainClass");
        }
    }
}
