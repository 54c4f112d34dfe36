package dev.uniformpipeline.core.build;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The per-builder options of a build (the pipeline file's {@code build.jar}, {@code build.gradle}, {@code build.node},
 * {@code build.python}, {@code build.go} and {@code build.static} blocks). Empty values mean "the builder's default"; each builder reads
 * only its own.
 *
 * @param jarPath      the jar to run, relative to the source tree (builder jar); empty to detect the one jar
 * @param jvmFlags     JVM flags placed before {@code -jar} / {@code -cp} (builders jar and maven)
 * @param nodeStart    the script {@code node} runs, relative to the app (builder node); empty for package.json main
 * @param pythonModule run {@code python3 -m <module>} (builder python)
 * @param pythonScript run {@code python3 <script>} (builder python); empty for main.py / app.py / __main__.py
 * @param go           Go options (builder go); {@link Go#DEFAULT} for the defaults
 * @param staticDir    the folder holding the site (builder static); empty to detect it
 * @param maven        Maven options (builder maven); {@link Maven#DEFAULT} for the defaults
 * @param gradle       the gradle builder's options ({@code build.gradle})
 * @param node         the node builder's further options ({@code build.node} besides {@code start})
 * @param python       the python builder's further options ({@code build.python} besides module/script)
 */
public record BuilderOptions(String jarPath, List<String> jvmFlags, String nodeStart, String pythonModule,
                             String pythonScript, Go go, String staticDir,
                             Maven maven, Gradle gradle, Node node, Python python) {
    public static final BuilderOptions NONE = builder().build();

    /**
     * The Maven builder's options (the pipeline file's {@code build.maven}).
     *
     * @param module    directory of the module that holds the app, relative to the build context, built with
     *                  {@code -pl <module> -am}; empty for the project at the root
     * @param goals     goals run before layering; empty for the default ({@code compile}, or {@code package} with a
     *                  module so that its sibling modules are jars)
     * @param profiles  profiles to activate ({@code -P a,b})
     * @param args      extra command-line arguments, after the goals
     * @param skipTests skip compiling and running tests ({@code -DskipTests -Dmaven.test.skip=true})
     */
    public record Maven(String module, List<String> goals, List<String> profiles, List<String> args,
                        boolean skipTests) {
        public static final Maven DEFAULT = new Maven("", List.of(), List.of(), List.of(), true);

        public Maven {
            module = blankToEmpty(module);
            goals = List.copyOf(goals == null ? List.of() : goals);
            profiles = List.copyOf(profiles == null ? List.of() : profiles);
            args = List.copyOf(args == null ? List.of() : args);
        }
    }

    public BuilderOptions {
        jarPath = blankToEmpty(jarPath);
        jvmFlags = List.copyOf(jvmFlags == null ? List.of() : jvmFlags);
        nodeStart = blankToEmpty(nodeStart);
        pythonModule = blankToEmpty(pythonModule);
        pythonScript = blankToEmpty(pythonScript);
        if (!pythonModule.isEmpty() && !pythonScript.isEmpty()) {
            throw new IllegalArgumentException("build.python: set either module or script, not both");
        }
        go = go == null ? Go.DEFAULT : go;
        staticDir = blankToEmpty(staticDir);
        maven = maven == null ? Maven.DEFAULT : maven;
        gradle = gradle == null ? Gradle.DEFAULT : gradle;
        node = node == null ? Node.DEFAULT : node;
        python = python == null ? Python.DEFAULT : python;
    }

    /**
     * Gradle builder options.
     *
     * @param project    the project holding the application, e.g. {@code :app}; empty for the root project
     * @param tasks      extra tasks run in the same Gradle invocation (the builder always compiles the main classes
     *                   and resolves the runtime classpath)
     * @param args       extra command-line arguments
     * @param useWrapper run the project's {@code ./gradlew} when present (else {@code gradle} on the PATH)
     */
    public record Gradle(String project, List<String> tasks, List<String> args, boolean useWrapper) {
        public static final Gradle DEFAULT = new Gradle("", List.of(), List.of(), true);

        public Gradle {
            project = blankToEmpty(project);
            tasks = List.copyOf(tasks == null ? List.of() : tasks);
            args = List.copyOf(args == null ? List.of() : args);
        }
    }

    /**
     * Node builder options (besides {@code start}).
     *
     * @param script      a package.json script whose {@code node ...} command becomes the entrypoint; empty for none
     * @param buildScript a package.json script run ({@code npm run <it>}) before layering, e.g. {@code build}
     * @param install     {@code auto} ({@code npm ci} with a lock file, else {@code npm install}), {@code ci} or
     *                    {@code install}
     * @param production  install production dependencies only
     * @param packageManager {@code npm}, or empty to detect it
     */
    public record Node(String script, String buildScript, String install, boolean production, String packageManager) {
        public static final Node DEFAULT = new Node("", "", "auto", true, "");

        public Node {
            script = blankToEmpty(script);
            buildScript = blankToEmpty(buildScript);
            install = blankToEmpty(install).isEmpty() ? "auto" : install.strip();
            packageManager = blankToEmpty(packageManager);
        }
    }

    /**
     * Python builder options (besides {@code module} / {@code script}).
     *
     * @param requirements the requirements file, relative to the tree; empty for requirements.txt when present
     * @param extras       extras of the project itself to install ({@code pip install .[a,b]}); installs the project
     * @param pipArgs      extra arguments for {@code pip install} (e.g. {@code --index-url ...})
     */
    public record Python(String requirements, List<String> extras, List<String> pipArgs) {
        public static final Python DEFAULT = new Python("", List.of(), List.of());

        public Python {
            requirements = blankToEmpty(requirements);
            extras = List.copyOf(extras == null ? List.of() : extras);
            pipArgs = List.copyOf(pipArgs == null ? List.of() : pipArgs);
        }
    }

    /**
     * Go builder options (the pipeline file's {@code build.go}).
     *
     * @param main    the main package to build, relative to the tree, e.g. {@code ./cmd/server}; empty for the root
     * @param ldflags extra {@code -ldflags} after the reproducibility flags, e.g. {@code -X main.v=1}
     * @param tags    build tags ({@code go build -tags a,b})
     * @param env     variables added to the build's environment (e.g. {@code CGO_ENABLED: "1"}); the builder refuses
     *                the ones it sets itself (see {@code GoStrategy})
     */
    public record Go(String main, List<String> ldflags, List<String> tags, Map<String, String> env) {
        public static final Go DEFAULT = new Go("", List.of(), List.of(), Map.of());

        public Go {
            main = blankToEmpty(main);
            ldflags = List.copyOf(ldflags == null ? List.of() : ldflags);
            tags = List.copyOf(tags == null ? List.of() : tags);
            env = Collections.unmodifiableMap(new TreeMap<>(env == null ? Map.of() : env));
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link BuilderOptions}. */
    public static final class Builder {
        private String jarPath = "";
        private List<String> jvmFlags = List.of();
        private String nodeStart = "";
        private String pythonModule = "";
        private String pythonScript = "";
        private Go go = Go.DEFAULT;
        private String staticDir = "";
        private Maven maven = Maven.DEFAULT;
        private Gradle gradle = Gradle.DEFAULT;
        private Node node = Node.DEFAULT;
        private Python python = Python.DEFAULT;

        private Builder() { }

        public Builder jarPath(String v) {
            this.jarPath = v;
            return this;
        }

        public Builder jvmFlags(List<String> v) {
            this.jvmFlags = Objects.requireNonNull(v);
            return this;
        }

        public Builder nodeStart(String v) {
            this.nodeStart = v;
            return this;
        }

        public Builder pythonModule(String v) {
            this.pythonModule = v;
            return this;
        }

        public Builder pythonScript(String v) {
            this.pythonScript = v;
            return this;
        }

        public Builder go(Go v) {
            this.go = Objects.requireNonNull(v);
            return this;
        }

        /** Sets the main package of {@link #go(Go)}, keeping its other options. */
        public Builder goMain(String v) {
            this.go = new Go(v, go.ldflags(), go.tags(), go.env());
            return this;
        }

        /** Sets the ldflags of {@link #go(Go)}, keeping its other options. */
        public Builder goLdflags(List<String> v) {
            this.go = new Go(go.main(), Objects.requireNonNull(v), go.tags(), go.env());
            return this;
        }

        public Builder staticDir(String v) {
            this.staticDir = v;
            return this;
        }

        public Builder maven(Maven v) {
            this.maven = Objects.requireNonNull(v);
            return this;
        }

        public Builder gradle(Gradle v) {
            this.gradle = Objects.requireNonNull(v);
            return this;
        }

        public Builder node(Node v) {
            this.node = Objects.requireNonNull(v);
            return this;
        }

        public Builder python(Python v) {
            this.python = Objects.requireNonNull(v);
            return this;
        }

        public BuilderOptions build() {
            return new BuilderOptions(jarPath, jvmFlags, nodeStart, pythonModule, pythonScript, go, staticDir, maven,
                    gradle, node, python);
        }
    }
}
