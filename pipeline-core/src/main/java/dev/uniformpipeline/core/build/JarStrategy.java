package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A runnable jar already built: exactly one {@code *.jar} in the root, {@code target/} or {@code build/libs/}
 * (sources/javadoc jars ignored). Runs {@code java -jar /app/app.jar}; base {@code local:jre17}.
 */
final class JarStrategy implements BuildStrategy {
    private static final List<String> DIRS = List.of("", "target", "build/libs");

    @Override
    public String name() {
        return "jar";
    }

    @Override
    public boolean detect(BuildContext context) {
        try {
            return jars(context).size() == 1;
        } catch (IOException e) {
            return false;
        }
    }

    static List<String> jars(BuildContext context) throws IOException {
        for (String dir : DIRS) {
            Path d = dir.isEmpty() ? context.root() : context.root().resolve(dir);
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                List<String> found = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                        .map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".jar") && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar")
                                && !n.endsWith("-tests.jar") && !n.startsWith("original-"))
                        .sorted()
                        .map(n -> dir.isEmpty() ? n : dir + "/" + n)
                        .toList();
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return List.of();
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        String path = context.request().options().jarPath();
        if (!path.isEmpty()) {
            if (!context.tree().has(path) || !path.endsWith(".jar")) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.jar.path: " + path
                        + " is not a jar in " + context.root() + "; build it first or fix the path");
            }
            return plan(List.of(path), context);
        }
        List<String> jars;
        try {
            jars = jars(context);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot list jars in " + context.root(), e);
        }
        if (jars.size() != 1) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "builder jar: expected exactly one jar in"
                    + " the root, target/ or build/libs/ of " + context.root() + ", found " + jars
                    + "; delete the extra jars or use build.layers");
        }
        return plan(jars, context);
    }

    private BuildPlan plan(List<String> jars, BuildContext context) throws BuildException {
        LayerSpec app = new LayerSpec("jar", context.tree().entries(jars.get(0), "/app/app.jar", rel -> false));
        return new BuildPlan(name(), List.of(app),
                JavaLayout.java(context.request().options().jvmFlags(), List.of("-jar", "/app/app.jar")), List.of(),
                Map.of(),
                "/app", 8080, "local:jre17");
    }
}
