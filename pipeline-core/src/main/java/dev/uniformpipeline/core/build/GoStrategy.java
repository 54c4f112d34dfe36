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
 */
final class GoStrategy implements BuildStrategy {
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
        Path binary = out.resolve("app");
        BuilderOptions options = context.request().options();
        String ldflags = String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("-s", "-w",
                "-buildid="), options.goLdflags().stream()).toList());
        String main = options.goMain().isEmpty() ? "." : options.goMain();
        if (!main.equals(".") && !main.startsWith("./")) {
            main = "./" + main; // a relative folder, not an import path
        }
        Map<String, String> env = new java.util.TreeMap<>(Map.of("CGO_ENABLED", "0", "GOFLAGS", "-mod=mod",
                "GOTOOLCHAIN", "local", "GOCACHE", context.workDir().resolve("go-cache").toString(),
                "GOOS", platform.os(), "GOARCH", platform.architecture()));
        if (platform.architecture().equals("arm") && platform.variant().startsWith("v")) {
            env.put("GOARM", platform.variant().substring(1));
        }
        context.tools().run(List.of("go", "build", "-trimpath", "-ldflags=" + ldflags, "-o", binary.toString(),
                        main), context.root(), env,
                "fix the Go build (run 'CGO_ENABLED=0 GOOS=" + platform.os() + " GOARCH=" + platform.architecture()
                        + " go build .' locally)");
        SourceTree built = new SourceTree(out, context.listener());
        LayerSpec layer = new LayerSpec("binary", List.of(new LayerSpec.Entry(
                built.entries("app", "/app/app", rel -> false).get(0).source(), "/app/app", true)));
        return new BuildPlan(name(), List.of(layer), List.of("/app/app"), List.of(), Map.of(), "/app", 8080,
                "scratch");
    }
}
