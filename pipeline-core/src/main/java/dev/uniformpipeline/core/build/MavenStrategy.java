package dev.uniformpipeline.core.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maven: runs the project's own {@code ./mvnw} (else {@code mvn}) with
 * {@code -B -DskipTests package} plus {@code dependency:copy-dependencies} (runtime scope) into
 * {@code target/uniform-dependencies}, then layers like Jib (dependencies, snapshot-dependencies, resources,
 * classes). Base {@code local:jre17}. Single-module projects only.
 */
final class MavenStrategy implements BuildStrategy {
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
    static final String DEPS_DIR = "target/uniform-dependencies";

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public boolean detect(BuildContext context) {
        return context.tree().has("pom.xml");
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        Path root = context.root();
        List<String> cmd = new ArrayList<>();
        Path wrapper = root.resolve("mvnw");
        cmd.add(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn");
        cmd.addAll(List.of("-B", "-q", "-DskipTests", "-Dmaven.test.skip=true", "package",
                DEPENDENCY_PLUGIN + ":copy-dependencies", "-DincludeScope=runtime",
                "-DoutputDirectory=" + root.resolve(DEPS_DIR)));
        context.tools().run(cmd, root, Map.of(), "fix the Maven build (run the same command locally to see why)");
        List<LayerSpec> layers = JavaLayout.layers(context.tree(), DEPS_DIR, "target/classes");
        if (layers.isEmpty()) {
            throw new BuildException(BuildException.Reason.TOOL_FAILED, "the Maven build of " + root
                    + " produced no target/classes; is it a 'jar' packaging project?");
        }
        String main = JavaLayout.mainClass(context, root.resolve("target/classes"));
        return new BuildPlan(name(), layers, JavaLayout.java(context.request().options().jvmFlags(), List.of("-cp", JavaLayout.CLASSPATH, main)), List.of(), Map.of(),
                "/app", 8080, "local:jre17");
    }
}
