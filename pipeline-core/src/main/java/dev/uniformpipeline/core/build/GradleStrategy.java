package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Gradle (Groovy {@code build.gradle} or Kotlin {@code build.gradle.kts} DSL): runs the project's own
 * {@code ./gradlew} when present (else {@code gradle} on the PATH) with an init script that this builder writes to
 * its private work folder. The script adds the root task {@value #TASK}, which compiles the chosen project's main
 * classes and resources, resolves its runtime classpath and writes the locations (and the {@code application}
 * plugin's main class, when set) to a file. Those files are staged in the work folder and layered like Jib
 * (dependencies, snapshot dependencies, resources, classes) by {@link JavaLayout}; base {@code local:jre17}.
 *
 * <p>A wrapper downloads its Gradle distribution on first use. When that download fails (no internet) and the
 * distribution is not installed yet, the build falls back to {@code gradle} on the PATH with a warning, or fails
 * naming the fix when there is none.
 */
final class GradleStrategy implements BuildStrategy {
    static final String TASK = "uniformPipelineImage";
    static final String INIT_SCRIPT = "uniform-image.init.gradle";
    static final String WRAPPER_PROPERTIES = "gradle/wrapper/gradle-wrapper.properties";

    private final Predicate<String> onPath;
    private final Path gradleUserHome;

    GradleStrategy() {
        this(ToolRunner::onPath, defaultGradleUserHome());
    }

    /** For tests: which tools are installed, and the Gradle user home a wrapper installs into. */
    GradleStrategy(Predicate<String> onPath, Path gradleUserHome) {
        this.onPath = onPath;
        this.gradleUserHome = gradleUserHome;
    }

    @Override
    public String name() {
        return "gradle";
    }

    @Override
    public boolean detect(BuildContext context) {
        return context.tree().has("build.gradle") || context.tree().has("build.gradle.kts")
                || context.tree().has("settings.gradle") || context.tree().has("settings.gradle.kts");
    }

    /** {@code kotlin} when the build is written in the Kotlin DSL, else {@code groovy}. */
    static String dsl(SourceTree tree) {
        return tree.has("build.gradle.kts") || tree.has("settings.gradle.kts") ? "kotlin" : "groovy";
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        Path root = context.root();
        BuilderOptions.Gradle options = context.request().options().gradle();
        String project = options.project().isEmpty() ? ":" : options.project();
        if (!project.startsWith(":")) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.gradle.project: '" + project
                    + "' is not a Gradle project path; write it with a leading colon, e.g. ':" + project + "'");
        }
        Path work = context.workDir().resolve("gradle");
        Path initScript = work.resolve(INIT_SCRIPT);
        Path output = work.resolve("image.txt");
        try {
            Files.createDirectories(work);
            try (InputStream in = GradleStrategy.class.getResourceAsStream(INIT_SCRIPT)) {
                if (in == null) {
                    throw new BuildException(BuildException.Reason.IO, "the init script " + INIT_SCRIPT
                            + " is missing from the pipeline's classpath; reinstall the pipeline");
                }
                Files.copy(in, initScript, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot write the Gradle init script to " + work, e);
        }
        String dsl = dsl(context.tree());
        context.listener().step("gradle build (" + dsl + " DSL), project " + project);
        List<String> rest = arguments(options, project, initScript, output);
        String fix = "fix the Gradle build; to see why, run '" + rerun(options, project) + "' in " + root
                + ("kotlin".equals(dsl) ? " (the Kotlin DSL needs Gradle 5 or later: use the project's ./gradlew;"
                + " Debian's gradle 4.4 reads only build.gradle)" : "");
        Map<String, String> env = Map.of("TERM", "dumb");
        Path wrapper = root.resolve("gradlew");
        boolean useWrapper = options.useWrapper() && Files.isRegularFile(wrapper, LinkOption.NOFOLLOW_LINKS);
        String used = "gradle";
        if (useWrapper) {
            try {
                List<String> launcher = Files.isExecutable(wrapper) ? List.of(wrapper.toString())
                        : List.of("sh", wrapper.toString()); // checked out without its executable bit
                context.tools().run(command(launcher, rest), root, env, fix.replace("'gradle ", "'./gradlew "));
                used = "./gradlew";
            } catch (BuildException e) {
                Optional<String> distribution = missingWrapperDistribution(root);
                if (e.reason() != BuildException.Reason.TOOL_FAILED || distribution.isEmpty()) {
                    throw e;
                }
                String why = "./gradlew could not install its Gradle distribution " + distribution.get()
                        + " (it downloads it on first use; is the network to it closed?)";
                String remedy = "put the distribution in place once (run ./gradlew with network access, or unpack it"
                        + " under " + gradleUserHome.resolve("wrapper/dists") + "), point distributionUrl in "
                        + WRAPPER_PROPERTIES + " at a reachable mirror, or install Gradle (Debian: apt-get install"
                        + " gradle) and set build.gradle.useWrapper: false";
                if (!onPath.test("gradle")) {
                    throw new BuildException(BuildException.Reason.TOOL_MISSING, why + " and there is no 'gradle'"
                            + " on the PATH to fall back to; " + remedy, e);
                }
                context.listener().warning(why + "; falling back to 'gradle' on the PATH, whose version may differ"
                        + " from the wrapper's. To build with the wrapper's version: " + remedy);
                context.tools().run(command(List.of("gradle"), rest), root, env, fix);
            }
        } else {
            if (!onPath.test("gradle")) {
                throw new BuildException(BuildException.Reason.TOOL_MISSING, "builder gradle: there is no ./gradlew"
                        + (options.useWrapper() ? "" : " in use (build.gradle.useWrapper: false)") + " in " + root
                        + " and no 'gradle' on the PATH; add the Gradle wrapper to the project (gradle wrapper) or"
                        + " install Gradle (Debian: apt-get install gradle)");
            }
            context.tools().run(command(List.of("gradle"), rest), root, env, fix);
        }
        ImageInfo info = ImageInfo.read(output, String.join(" ", command(List.of(used), rest)));
        if (info.error() != null && "kotlin".equals(dsl) && majorVersion(info.version()) < 5) {
            throw new BuildException(BuildException.Reason.TOOL_MISSING, "builder gradle: Gradle " + info.version()
                    + " does not read the Kotlin DSL (build.gradle.kts needs Gradle 5 or later; Debian 12's gradle"
                    + " is 4.4.1) and saw no Java project in " + root + "; add the Gradle wrapper to the project"
                    + " (./gradlew, with its distribution installed) or write the build as build.gradle");
        }
        if (info.error() != null) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.gradle.project: " + info.error()
                    + "; set build.gradle.project to the project that holds the application");
        }
        context.listener().step("gradle " + info.version() + ": " + info.dependencies().size()
                + " runtime dependencies");
        Path staging = work.resolve("image");
        stage(info, staging, context.listener());
        SourceTree staged = new SourceTree(staging, context.listener());
        List<LayerSpec> layers = JavaLayout.layers(staged, "libs", "classes");
        if (layers.stream().noneMatch(l -> l.name().equals("classes"))) {
            throw new BuildException(BuildException.Reason.TOOL_FAILED, "the Gradle build of " + root + " (project "
                    + project + ") produced no classes in " + info.classesDirs() + "; is src/main/java empty?");
        }
        String main = context.request().mainClass().isEmpty() && info.mainClass() != null ? info.mainClass()
                : JavaLayout.mainClass(context, staging.resolve("classes"));
        return new BuildPlan(name(), layers, JavaLayout.java(context.request().options().jvmFlags(),
                List.of("-cp", JavaLayout.CLASSPATH, main)), List.of(), Map.of(), "/app", 8080, "local:jre17");
    }

    /** The major version of a Gradle version string ("4.4.1" is 4), or 0 when it cannot be read. */
    static int majorVersion(String version) {
        try {
            return Integer.parseInt(version.split("\\.", 2)[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The Gradle arguments after the launcher. */
    static List<String> arguments(BuilderOptions.Gradle options, String project, Path initScript, Path output) {
        List<String> args = new ArrayList<>(List.of("--no-daemon", "--console=plain", "-q",
                "--init-script", initScript.toString(),
                "-PuniformPipeline.output=" + output,
                "-PuniformPipeline.project=" + project));
        args.addAll(options.tasks());
        args.add(":" + TASK);
        args.addAll(options.args());
        return List.copyOf(args);
    }

    private static List<String> command(List<String> launcher, List<String> rest) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(rest);
        return cmd;
    }

    /** What a user runs to see the build failure without the pipeline. */
    static String rerun(BuilderOptions.Gradle options, String project) {
        List<String> cmd = new ArrayList<>(List.of("gradle"));
        cmd.addAll(options.tasks());
        cmd.add(project.equals(":") ? "classes" : project + ":classes");
        cmd.addAll(options.args());
        return String.join(" ", cmd);
    }

    /**
     * The wrapper's distribution (its URL) when it is not installed in the Gradle user home, else empty (installed,
     * or no readable wrapper properties).
     */
    Optional<String> missingWrapperDistribution(Path root) {
        Path file = root.resolve(WRAPPER_PROPERTIES);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            props.load(r);
        } catch (IOException e) {
            return Optional.empty();
        }
        String url = props.getProperty("distributionUrl", "").strip();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String zip = url.substring(url.lastIndexOf('/') + 1);
        String distName = zip.endsWith(".zip") ? zip.substring(0, zip.length() - 4) : zip;
        Path base = "PROJECT".equals(props.getProperty("distributionBase")) ? root : gradleUserHome;
        Path dists = base.resolve(props.getProperty("distributionPath", "wrapper/dists")).resolve(distName);
        // the wrapper unpacks into <dists>/<name>/<hash of the URL>/ and marks a finished install with <zip>.ok
        try (Stream<Path> hashes = Files.list(dists)) {
            if (hashes.anyMatch(h -> Files.exists(h.resolve(zip + ".ok")))) {
                return Optional.empty();
            }
        } catch (IOException notThere) {
            // not installed
        }
        return Optional.of(url);
    }

    static Path defaultGradleUserHome() {
        String env = System.getenv("GRADLE_USER_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".gradle");
    }

    /**
     * Copies the classes and resources into {@code staging/classes} and the runtime classpath's jars into
     * {@code staging/libs}; two jars with one file name are told apart by their content hash.
     */
    static void stage(ImageInfo info, Path staging, BuildListener listener) throws BuildException {
        try {
            deleteTree(staging);
            Path classes = Files.createDirectories(staging.resolve("classes"));
            Path libs = Files.createDirectories(staging.resolve("libs"));
            List<Path> outputs = new ArrayList<>(info.classesDirs());
            if (info.resourcesDir() != null) {
                outputs.add(info.resourcesDir());
            }
            for (Path dir : outputs) {
                if (Files.isDirectory(dir)) {
                    copyTree(dir, classes);
                }
            }
            Set<String> names = new HashSet<>();
            for (Path dep : info.dependencies()) {
                if (Files.isDirectory(dep)) {
                    throw new BuildException(BuildException.Reason.INVALID_REQUEST, "builder gradle: the runtime"
                            + " classpath holds the folder " + dep + ", not a jar; depend on the project's jar (the"
                            + " java or java-library plugin's default) or use build.layers");
                }
                String name = dep.getFileName().toString();
                if (!Files.isRegularFile(dep)) {
                    listener.warning("runtime classpath entry " + dep + " does not exist; it is not in the image");
                    continue;
                }
                if (!name.endsWith(".jar")) {
                    listener.warning("runtime classpath entry " + name + " is not a jar; it is not in the image");
                    continue;
                }
                if (!names.add(name)) {
                    name = name.substring(0, name.length() - 4) + "-" + sha256(dep).substring(0, 12) + ".jar";
                    names.add(name);
                }
                Files.copy(dep, libs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot stage the Gradle build's output in " + staging
                    + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the init script wrote.
     *
     * @param version       the Gradle version that ran
     * @param mainClass     the application plugin's main class, or null
     * @param classesDirs   compiled class folders of the main source set
     * @param resourcesDir  processed resources folder, or null
     * @param dependencies  the runtime classpath, in order
     * @param error         why the chosen project cannot be imaged, or null
     */
    record ImageInfo(String version, String mainClass, List<Path> classesDirs, Path resourcesDir,
                     List<Path> dependencies, String error) {
        static ImageInfo read(Path file, String command) throws BuildException {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BuildException(BuildException.Reason.TOOL_FAILED, command + " succeeded but did not write "
                        + file + " (the init script's task " + TASK + " did not run); check that build.gradle.args"
                        + " neither exclude it (-x) nor skip task actions (--dry-run / -m) and rerun", e);
            }
            String version = "";
            String main = null;
            String error = null;
            Path resources = null;
            List<Path> classes = new ArrayList<>();
            List<Path> deps = new ArrayList<>();
            for (String line : lines) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1);
                switch (key) {
                    case "gradle" -> version = value;
                    case "mainClass" -> main = value;
                    case "classes" -> classes.add(Path.of(value));
                    case "resources" -> resources = Path.of(value);
                    case "dependency" -> deps.add(Path.of(value));
                    case "error" -> error = value;
                    default -> { }
                }
            }
            return new ImageInfo(version, main, List.copyOf(classes), resources, List.copyOf(deps), error);
        }
    }
}
