package dev.uniformpipeline.core.build;

import java.util.List;
import java.util.Objects;

/**
 * The per-builder options of a build (the pipeline file's {@code build.jar}, {@code build.node}, {@code build.python},
 * {@code build.go} and {@code build.static} blocks). Empty values mean "the builder's default"; each builder reads
 * only its own.
 *
 * @param jarPath      the jar to run, relative to the source tree (builder jar); empty to detect the one jar
 * @param jvmFlags     JVM flags placed before {@code -jar} / {@code -cp} (builders jar and maven)
 * @param nodeStart    the script {@code node} runs, relative to the app (builder node); empty for package.json main
 * @param pythonModule run {@code python3 -m <module>} (builder python)
 * @param pythonScript run {@code python3 <script>} (builder python); empty for main.py / app.py / __main__.py
 * @param goMain       the main package to build, relative to the tree, e.g. {@code ./cmd/server} (builder go)
 * @param goLdflags    extra {@code -ldflags} after the reproducibility flags (builder go), e.g. {@code -X main.v=1}
 * @param staticDir    the folder holding the site (builder static); empty to detect it
 */
public record BuilderOptions(String jarPath, List<String> jvmFlags, String nodeStart, String pythonModule,
                             String pythonScript, String goMain, List<String> goLdflags, String staticDir) {
    public static final BuilderOptions NONE = new BuilderOptions("", List.of(), "", "", "", "", List.of(), "");

    public BuilderOptions {
        jarPath = blankToEmpty(jarPath);
        jvmFlags = List.copyOf(jvmFlags == null ? List.of() : jvmFlags);
        nodeStart = blankToEmpty(nodeStart);
        pythonModule = blankToEmpty(pythonModule);
        pythonScript = blankToEmpty(pythonScript);
        if (!pythonModule.isEmpty() && !pythonScript.isEmpty()) {
            throw new IllegalArgumentException("build.python: set either module or script, not both");
        }
        goMain = blankToEmpty(goMain);
        goLdflags = List.copyOf(goLdflags == null ? List.of() : goLdflags);
        staticDir = blankToEmpty(staticDir);
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
        private String goMain = "";
        private List<String> goLdflags = List.of();
        private String staticDir = "";

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

        public Builder goMain(String v) {
            this.goMain = v;
            return this;
        }

        public Builder goLdflags(List<String> v) {
            this.goLdflags = Objects.requireNonNull(v);
            return this;
        }

        public Builder staticDir(String v) {
            this.staticDir = v;
            return this;
        }

        public BuilderOptions build() {
            return new BuilderOptions(jarPath, jvmFlags, nodeStart, pythonModule, pythonScript, goMain, goLdflags,
                    staticDir);
        }
    }
}
