package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Go: a static binary ({@code CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -buildid="}) of the main package at
 * the root, in its own layer at {@code /app/app}. Reproducible by construction. Base {@code scratch} (the binary
 * needs nothing else; use {@code local:busybox} for a shell). Platform-specific: each platform of
 * {@code build.platforms} gets its own cross-compiled binary ({@code GOOS}/{@code GOARCH}).
 *
 * <p>The build cache ({@code GOCACHE}) persists across runs: {@code $UNIFORM_GO_CACHE}, else the run environment's
 * {@code GOCACHE}, else {@code ~/.cache/uniform-pipeline/go-build}, so the standard library is compiled once per
 * platform rather than on every build. Go's cache is keyed by the content of every input and safe for concurrent
 * builds; with {@code -trimpath} and an empty build id a cached build gives the same binary, byte for byte, as a
 * cold one. The module cache ({@code GOMODCACHE}) stays Go's own default (or the environment's).
 *
 * <p>{@code build.go.tags} become {@code -tags a,b}; {@code build.go.env} is added to the build's environment except
 * for the variables the builder owns ({@link #OWNED_ENV}: platform, cache, flags, toolchain), which it refuses.
 * {@code CGO_ENABLED: "1"} links against the C library, so it needs a base image that has one (not {@code scratch}).
 */
final class GoStrategy implements BuildStrategy {
    /** Overrides the folder of the persistent Go build cache. */
    static final String CACHE_ENV = "UNIFORM_GO_CACHE";

    /**
     * Variables of {@code build.go.env} the builder sets itself, with what to do instead. The pipeline file's
     * validator ({@code core.spec.Validator}) refuses the same ones at load time.
     */
    static final Map<String, String> OWNED_ENV = Map.of(
            "GOOS", "use build.platforms instead",
            "GOARCH", "use build.platforms instead",
            "GOARM", "use build.platforms instead",
            "GOCACHE", "use " + CACHE_ENV + " in the run's environment instead",
            "GOFLAGS", "the builder sets GOFLAGS=-mod=mod; use build.go.tags and build.go.ldflags",
            "GOTOOLCHAIN", "the builder uses the installed go (GOTOOLCHAIN=local); install the Go version go.mod"
                    + " asks for");

    /** A Go build tag (build constraint term): letters, digits, '_' and '.'. */
    static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_.]+");

    private final Path cache;

    /** The cache folder comes from each build's environment ({@link BuildContext#environment()}). */
    GoStrategy() {
        this(null);
    }

    /** For tests: the build cache folder to use whatever the environment says. */
    GoStrategy(Path cache) {
        this.cache = cache;
    }

    /**
     * The persistent build cache: {@value #CACHE_ENV}, else {@code GOCACHE} (the user's own choice), else
     * {@code ~/.cache/uniform-pipeline/go-build} beside the local base images.
     */
    static Path cacheDir(Map<String, String> env) {
        for (String name : List.of(CACHE_ENV, "GOCACHE")) {
            String dir = env.get(name);
            if (dir != null && !dir.isBlank() && Path.of(dir.strip()).isAbsolute()) {
                return Path.of(dir.strip());
            }
        }
        return Path.of(System.getProperty("user.home"), ".cache", "uniform-pipeline", "go-build");
    }

    @Override
    public String name() {
        return "go";
    }

    @Override
    public boolean detect(BuildContext context) {
        return context.tree().has("go.mod");
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        return plan(context, TargetPlatform.host());
    }

    @Override
    public boolean platformSpecific() {
        return true;
    }

    /**
     * Cross-compiles for {@code platform} ({@code GOOS}/{@code GOARCH}, {@code GOARM} from an arm variant): with
     * {@code CGO_ENABLED=0} Go needs no C toolchain for the target, so any machine builds any platform.
     */
    @Override
    public BuildPlan plan(BuildContext context, TargetPlatform platform) throws BuildException {
        Path out = context.workDir().resolve("go").resolve(platform.slug());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot create " + out, e);
        }
        Path cache = this.cache != null ? this.cache : cacheDir(context.environment());
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot create the Go build cache " + cache
                    + "; set " + CACHE_ENV + " to a writable folder", e);
        }
        Path binary = out.resolve("app");
        BuilderOptions.Go options = context.request().options().go();
        check(options, context.request().baseImage());
        String ldflags = String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("-s", "-w",
                "-buildid="), options.ldflags().stream()).toList());
        String main = options.main().isEmpty() ? "." : options.main();
        if (!main.equals(".") && !main.startsWith("./")) {
            main = "./" + main; // a relative folder, not an import path
        }
        Map<String, String> env = new java.util.TreeMap<>(Map.of("CGO_ENABLED", "0"));
        env.putAll(options.env());
        env.putAll(Map.of("GOFLAGS", "-mod=mod", "GOTOOLCHAIN", "local", "GOCACHE", cache.toString(),
                "GOOS", platform.os(), "GOARCH", platform.architecture()));
        if (platform.architecture().equals("arm") && platform.variant().startsWith("v")) {
            env.put("GOARM", platform.variant().substring(1));
        }
        List<String> command = new java.util.ArrayList<>(List.of("go", "build", "-trimpath"));
        if (!options.tags().isEmpty()) {
            command.addAll(List.of("-tags", String.join(",", options.tags())));
        }
        command.addAll(List.of("-ldflags=" + ldflags, "-o", binary.toString(), main));
        String local = "CGO_ENABLED=" + env.get("CGO_ENABLED") + " GOOS=" + platform.os() + " GOARCH="
                + platform.architecture() + " go build"
                + (options.tags().isEmpty() ? "" : " -tags " + String.join(",", options.tags())) + " " + main;
        context.tools().run(command, context.root(), env, "fix the Go build (run '" + local + "' locally)");
        SourceTree built = new SourceTree(out, context.listener());
        LayerSpec layer = new LayerSpec("binary", List.of(new LayerSpec.Entry(
                built.entries("app", "/app/app", rel -> false).get(0).source(), "/app/app", true)));
        return new BuildPlan(name(), List.of(layer), List.of("/app/app"), List.of(), Map.of(), "/app", 8080,
                "scratch");
    }

    /**
     * The same rules as the pipeline file's validator, for options built in code: no tag the go command would read
     * differently, no variable the builder sets itself, and cgo only on a base image with a C library.
     */
    static void check(BuilderOptions.Go options, String baseImage) throws BuildException {
        for (String tag : options.tags()) {
            if (!TAG.matcher(tag).matches()) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.go.tags: '" + tag
                        + "' is not a Go build tag (letters, digits, '_' and '.'; one tag per entry)");
            }
        }
        for (Map.Entry<String, String> e : options.env().entrySet()) {
            String hint = OWNED_ENV.get(e.getKey());
            if (hint != null) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.go.env." + e.getKey()
                        + ": the Go builder sets " + e.getKey() + " itself (" + hint + ")");
            }
        }
        String cgo = options.env().get("CGO_ENABLED");
        if (cgo != null && !cgo.equals("0") && !cgo.equals("1")) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.go.env.CGO_ENABLED: '" + cgo
                    + "' is not \"0\" or \"1\"");
        }
        if ("1".equals(cgo) && (baseImage == null || baseImage.isBlank() || baseImage.strip().equals("scratch"))) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.go.env.CGO_ENABLED: \"1\""
                    + " links the binary against the C library, which the scratch base image does not have (set"
                    + " build.baseImage to a base with a libc, or drop CGO_ENABLED)");
        }
    }
}
