package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Maven: runs the project's own {@code ./mvnw} (else {@code mvn}) in place, in one invocation: the goals
 * ({@code compile} by default; {@code package} for a {@code module} of a multi-module build, built with
 * {@code -pl <module> -am}), with a small Maven core extension of ours ({@code -Dmaven.ext.class.path}, the jar
 * of module maven-classpath-extension, a resource of this package) that writes the runtime classpath to
 * {@code <module>/target/uniform-classpath.txt} from inside Maven, in {@code dependency:build-classpath}'s order
 * (when it writes nothing, e.g. an old Maven, the command is run again with {@code dependency:build-classpath}). Dependency jars are layered straight from where Maven resolved them
 * (the local repository), like Jib: dependencies, snapshot dependencies, project dependencies (jars of the
 * build's own modules), resources, classes. Base {@code local:jre17}.
 *
 * <p>Incremental, with a state file in the module's {@code target/}:
 * <ul>
 *   <li>when no file of the build context (outside {@code target/} folders and {@code .git}) nor a parent
 *       {@code pom.xml} above it, no output
 *       ({@code target/classes}, the classpath jars), the command line, {@code ~/.m2/settings.xml} nor the
 *       environment Maven reads changed since the last successful run, Maven is not run at all;</li>
 *   <li>when only sources changed (no pom, no {@code .mvn/} file), the runtime classpath of the last run is reused and
 *       Maven runs the goals only.</li>
 * </ul>
 * Neither shortcut is taken when the classpath holds a SNAPSHOT jar from a repository (it may change remotely).
 * Deleting {@code target/} (e.g. {@code mvn clean}) forces a full run.
 */
final class MavenStrategy implements BuildStrategy {
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
    static final String CLASSPATH_FILE = "target/uniform-classpath.txt";
    /** The property that tells the classpath extension (module maven-classpath-extension) where to write. */
    static final String CLASSPATH_PROPERTY = "uniform.classpath.file";
    static final String STATE_FILE = "target/uniform-maven.state";
    private static final List<String> MAVEN_ENV = List.of("MAVEN_OPTS", "MAVEN_ARGS", "JAVA_HOME", "MAVEN_HOME");

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
        BuilderOptions.Maven options = context.request().options().maven();
        String module = options.module();
        Path moduleDir = root.resolve(module).normalize();
        if (!moduleDir.startsWith(root)) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.maven.module: '" + module
                    + "' is outside the build context " + root + "; name a module folder inside it");
        }
        if (!Files.isRegularFile(moduleDir.resolve("pom.xml"))) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.maven.module: '" + module
                    + "' has no pom.xml in " + root + "; set it to the folder of the module that holds the app"
                    + " (as listed in the parent pom's <modules>)");
        }
        String prefix = module.isEmpty() ? "" : module + "/";
        Path classpathFile = moduleDir.resolve(CLASSPATH_FILE);
        Path stateFile = moduleDir.resolve(STATE_FILE);

        List<String> goalsCommand = command(root, options);
        Properties last = readState(stateFile);
        List<Path> lastClasspath = readClasspath(classpathFile, true);
        boolean reusable = lastClasspath != null && lastClasspath.stream().noneMatch(p -> remoteSnapshot(p, root));
        String commandKey = String.join("\u0000", goalsCommand) + "\u0000--\u0000"
                + String.join("\u0000", options.args()) + env();
        String poms;
        String sources;
        try {
            poms = buildFiles(root);
            sources = Fingerprint.start().tree("context", root, MavenStrategy::generated)
                    .files("parents", parentPoms(root)).hex();
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read the source tree " + root + ": "
                    + e.getMessage(), e);
        }
        boolean sameCommand = commandKey.equals(last.getProperty("command"));
        List<Path> classpath;
        if (reusable && sameCommand && sources.equals(last.getProperty("sources"))
                && outputs(moduleDir, lastClasspath).equals(last.getProperty("outputs"))) {
            context.listener().step("Maven build is up to date (no source, pom, output or setting changed since the"
                    + " last run): Maven not run");
            classpath = lastClasspath;
        } else {
            boolean reuseClasspath = reusable && sameCommand && poms.equals(last.getProperty("poms"));
            List<String> cmd = new ArrayList<>(goalsCommand);
            if (reuseClasspath) {
                context.listener().step("no pom or .mvn file changed: reusing the runtime classpath of the last run");
            }
            List<String> pluginCmd = new ArrayList<>(cmd);
            pluginCmd.addAll(classpathGoal());
            pluginCmd.addAll(options.args());
            Path extension = reuseClasspath ? null : ClasspathExtension.jar();
            if (extension != null) {
                cmd.addAll(List.of("-Dmaven.ext.class.path=" + extension, "-D" + CLASSPATH_PROPERTY + "="
                        + CLASSPATH_FILE));
            } else if (!reuseClasspath) {
                cmd.addAll(classpathGoal());
            }
            cmd.addAll(options.args());
            try {
                Files.deleteIfExists(stateFile);
                if (!reuseClasspath) {
                    Files.deleteIfExists(classpathFile);
                }
            } catch (IOException e) {
                throw new BuildException(BuildException.Reason.IO, "cannot delete " + stateFile + " or "
                        + classpathFile, e);
            }
            context.tools().run(cmd, root, Map.of(), "fix the Maven build (run the same command locally to see why)");
            classpath = readClasspath(classpathFile, false);
            if (classpath == null && extension != null) {
                // the extension did not load (a Maven older than 3.3?): the dependency plugin writes the classpath
                context.listener().step("the Maven classpath extension wrote no classpath: asking the dependency"
                        + " plugin");
                context.tools().run(pluginCmd, root, Map.of(), "fix the Maven build (run the same command locally to"
                        + " see why)");
                classpath = readClasspath(classpathFile, false);
            }
            if (classpath == null) {
                throw new BuildException(BuildException.Reason.TOOL_FAILED, "the Maven build of " + moduleDir
                        + " wrote no runtime classpath to " + CLASSPATH_FILE + "; is it a 'jar' packaging module? (for"
                        + " a multi-module build set build.maven.module to the app's module)");
            }
            writeState(stateFile, commandKey, poms, sources, outputs(moduleDir, classpath));
        }
        for (Path entry : classpath) {
            if (Files.isDirectory(entry)) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.maven.goals: the runtime"
                        + " classpath holds the folder " + entry + " (a module of this build that was not packaged);"
                        + " add package to build.maven.goals so that it is a jar");
            }
        }
        List<LayerSpec> layers = JavaLayout.layers(context.tree(), classpath, prefix + "target/classes");
        if (layers.isEmpty() || !Files.isDirectory(moduleDir.resolve("target/classes"))) {
            throw new BuildException(BuildException.Reason.TOOL_FAILED, "the Maven build of " + moduleDir
                    + " produced no target/classes; is it a 'jar' packaging project?");
        }
        String main = JavaLayout.mainClass(context, moduleDir.resolve("target/classes"));
        return new BuildPlan(name(), layers, JavaLayout.java(context.request().options().jvmFlags(),
                List.of("-cp", JavaLayout.CLASSPATH, main)), List.of(), Map.of(), "/app", 8080, "local:jre17");
    }

    /** The dependency plugin goal that writes the runtime classpath (the fallback when the extension cannot load). */
    static List<String> classpathGoal() {
        return List.of(DEPENDENCY_PLUGIN + ":build-classpath", "-DincludeScope=runtime",
                "-Dmdep.outputFile=" + CLASSPATH_FILE);
    }

    /** {@code mvnw -B -q [-pl m -am] [-P p] [-DskipTests ...] goals} (without the classpath goal and the args). */
    static List<String> command(Path root, BuilderOptions.Maven options) {
        List<String> cmd = new ArrayList<>();
        Path wrapper = root.resolve("mvnw");
        cmd.add(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn");
        cmd.addAll(List.of("-B", "-q"));
        if (!options.module().isEmpty()) {
            cmd.addAll(List.of("-pl", options.module(), "-am"));
        }
        if (!options.profiles().isEmpty()) {
            cmd.add("-P" + String.join(",", options.profiles()));
        }
        if (options.skipTests()) {
            cmd.addAll(List.of("-DskipTests", "-Dmaven.test.skip=true"));
        }
        if (!options.goals().isEmpty()) {
            cmd.addAll(options.goals());
        } else {
            cmd.add(options.module().isEmpty() ? "compile" : "package");
        }
        return cmd;
    }

    private static String env() {
        StringBuilder sb = new StringBuilder();
        for (String name : MAVEN_ENV) {
            sb.append('\u0000').append(name).append('=').append(System.getenv().getOrDefault(name, ""));
        }
        return sb.toString();
    }

    /** Folders that are build output, not input: {@code target} beside a {@code pom.xml}, and {@code .git}. */
    private static boolean generated(Path dir) {
        String name = dir.getFileName().toString();
        return name.equals(".git") || (name.equals("target") && dir.getParent() != null
                && Files.exists(dir.getParent().resolve("pom.xml"), LinkOption.NOFOLLOW_LINKS));
    }

    /** The files that decide the dependencies: every pom.xml, the .mvn folder, the user's settings.xml. */
    private static String buildFiles(Path root) throws IOException {
        List<Path> poms = new ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                    java.nio.file.attribute.BasicFileAttributes attrs) {
                return !d.equals(root) && generated(d) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                if (f.getFileName().toString().equals("pom.xml")) {
                    poms.add(f);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        poms.sort(null);
        poms.addAll(parentPoms(root));
        return Fingerprint.start().files("poms", poms).tree("mvn", root.resolve(".mvn"), d -> false)
                .files("settings", List.of(Path.of(System.getProperty("user.home"), ".m2", "settings.xml"))).hex();
    }

    /** The pom.xml files of the folders above the context, as long as there is one (a parent outside it). */
    private static List<Path> parentPoms(Path root) {
        List<Path> out = new ArrayList<>();
        for (Path d = root.getParent(); d != null && Files.isRegularFile(d.resolve("pom.xml")); d = d.getParent()) {
            out.add(d.resolve("pom.xml"));
        }
        return out;
    }

    private static String outputs(Path moduleDir, List<Path> classpath) throws BuildException {
        try {
            return Fingerprint.start().tree("classes", moduleDir.resolve("target/classes"), d -> false)
                    .files("classpath", classpath).hex();
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read " + moduleDir.resolve("target") + ": "
                    + e.getMessage(), e);
        }
    }

    /** A SNAPSHOT jar that came from a repository (not from this build), whose content may change remotely. */
    private static boolean remoteSnapshot(Path jar, Path root) {
        return !jar.startsWith(root) && jar.toString().contains("-SNAPSHOT");
    }

    /** The classpath Maven wrote, or null when the file is missing (or, if {@code quiet}, unreadable). */
    private static List<Path> readClasspath(Path file, boolean quiet) throws BuildException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            List<Path> out = new ArrayList<>();
            for (String entry : text.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    out.add(Path.of(entry.strip()));
                }
            }
            return List.copyOf(out);
        } catch (IOException | RuntimeException e) {
            if (quiet) {
                return null;
            }
            throw new BuildException(BuildException.Reason.IO, "cannot read the classpath Maven wrote to " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private static Properties readState(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                p.clear(); // unreadable state: run Maven
            }
        }
        return p;
    }

    private static void writeState(Path file, String command, String poms, String sources, String outputs)
            throws BuildException {
        Properties p = new Properties();
        p.setProperty("command", command);
        p.setProperty("poms", poms);
        p.setProperty("sources", sources);
        p.setProperty("outputs", outputs);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "Uniform Pipeline: inputs of the last successful Maven run (delete to force a run)");
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
