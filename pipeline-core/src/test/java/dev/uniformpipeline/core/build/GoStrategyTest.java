package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code go build} keeps its build cache: one persistent folder shared by every run and platform (not the
 * run's scratch folder), chosen from {@code UNIFORM_GO_CACHE}, {@code GOCACHE} or the per-user cache folder. A
 * recording tool runner stands in for {@code go}. Also the command line and environment {@code build.go} options
 * give: tags, extra variables, and the variables the builder keeps for itself.
 */
class GoStrategyTest {
    @TempDir
    Path tmp;

    /** Records the environment of each {@code go build} and writes the binary it would have written. */
    static final class Recorder extends ToolRunner {
        final List<Map<String, String>> envs = new ArrayList<>();
        final List<List<String>> commands = new ArrayList<>();

        Recorder() {
            super(BuildListener.NONE, Duration.ofMinutes(1));
        }

        @Override
        public void run(List<String> command, Path dir, Map<String, String> env, String fix) {
            envs.add(Map.copyOf(env));
            commands.add(List.copyOf(command));
            try {
                Files.writeString(Path.of(command.get(command.indexOf("-o") + 1)), "binary");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    BuildPlan plan(GoStrategy go, Path src, Path work, TargetPlatform platform, Recorder tools) throws Exception {
        return plan(go, src, work, platform, tools, BuilderOptions.Go.DEFAULT, "");
    }

    BuildPlan plan(GoStrategy go, Path src, Path work, TargetPlatform platform, Recorder tools,
                   BuilderOptions.Go options, String baseImage) throws Exception {
        BuildRequest request = BuildRequest.builder(src, work).builder("go").baseImage(baseImage)
                .options(BuilderOptions.builder().go(options).build()).build();
        return go.plan(new BuildContext(new SourceTree(src, BuildListener.NONE), request, work, tools,
                BuildListener.NONE, null), platform);
    }

    @Test
    void everyRunAndPlatformSharesOnePersistentBuildCacheOutsideTheRunsScratchFolder() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("go.mod"), "module example.org/x\n\ngo 1.19\n");
        Files.writeString(src.resolve("main.go"), "package main\n\nfunc main() {}\n");
        Path cache = tmp.resolve("cache/go-build");
        GoStrategy go = new GoStrategy(cache);
        Recorder tools = new Recorder();
        plan(go, src, tmp.resolve("run1"), TargetPlatform.parse("linux/amd64"), tools);
        plan(go, src, tmp.resolve("run1"), TargetPlatform.parse("linux/arm64"), tools);
        plan(go, src, tmp.resolve("run2"), TargetPlatform.parse("linux/amd64"), tools);
        assertEquals(3, tools.envs.size());
        for (Map<String, String> env : tools.envs) {
            assertEquals(cache.toString(), env.get("GOCACHE"));
        }
        assertTrue(Files.isDirectory(cache), "the cache folder is created before go runs");
        assertEquals("arm64", tools.envs.get(1).get("GOARCH"));
        assertFalse(Files.exists(tmp.resolve("run1/go-cache")), "no per-run cache any more");
    }

    @Test
    void uniformGoCacheWinsOverGocacheWhichWinsOverTheUserCacheFolder() {
        assertEquals(Path.of("/ci/go-cache"), GoStrategy.cacheDir(Map.of(GoStrategy.CACHE_ENV, "/ci/go-cache",
                "GOCACHE", "/home/u/.cache/go-build")));
        assertEquals(Path.of("/home/u/.cache/go-build"), GoStrategy.cacheDir(Map.of("GOCACHE",
                "/home/u/.cache/go-build")));
        Path userCache = Path.of(System.getProperty("user.home"), ".cache", "uniform-pipeline", "go-build");
        assertEquals(userCache, GoStrategy.cacheDir(Map.of()));
        assertEquals(userCache, GoStrategy.cacheDir(Map.of(GoStrategy.CACHE_ENV, " ", "GOCACHE", "")));
        // go rejects a relative GOCACHE ("GOCACHE is not an absolute path"); it is not taken
        assertEquals(userCache, GoStrategy.cacheDir(Map.of("GOCACHE", "rel/cache")));
    }

    @Test
    void theRunEnvironmentChoosesTheCacheFolder() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("go.mod"), "module example.org/x\n\ngo 1.19\n");
        Path fromRun = tmp.resolve("from-run");
        Recorder tools = new Recorder();
        BuildRequest request = BuildRequest.builder(src, tmp.resolve("w")).builder("go").build();
        new GoStrategy().plan(new BuildContext(new SourceTree(src, BuildListener.NONE), request, tmp.resolve("w"),
                tools, BuildListener.NONE, Map.of(GoStrategy.CACHE_ENV, fromRun.toString())),
                TargetPlatform.LINUX_AMD64);
        assertEquals(fromRun.toString(), tools.envs.get(0).get("GOCACHE"));
        assertTrue(Files.isDirectory(fromRun));
    }

    Path goModule() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("go.mod"), "module example.org/x\n\ngo 1.19\n");
        Files.writeString(src.resolve("main.go"), "package main\n\nfunc main() {}\n");
        return src;
    }

    @Test
    void tagsArePassedInGosCommaFormBeforeTheLinkerFlagsAndTheMainPackage() throws Exception {
        Recorder tools = new Recorder();
        plan(new GoStrategy(tmp.resolve("cache")), goModule(), tmp.resolve("w"), TargetPlatform.LINUX_AMD64, tools,
                new BuilderOptions.Go("cmd/server", List.of("-X", "main.v=1"), List.of("premium", "netgo"),
                        Map.of()), "");
        Path binary = tmp.resolve("w").resolve("go").resolve(TargetPlatform.LINUX_AMD64.slug()).resolve("app");
        assertEquals(List.of("go", "build", "-trimpath", "-tags", "premium,netgo",
                "-ldflags=-s -w -buildid= -X main.v=1", "-o", binary.toString(), "./cmd/server"),
                tools.commands.get(0));
    }

    @Test
    void withoutTagsTheCommandHasNoTagsFlag() throws Exception {
        Recorder tools = new Recorder();
        plan(new GoStrategy(tmp.resolve("cache")), goModule(), tmp.resolve("w"), TargetPlatform.LINUX_AMD64, tools);
        assertFalse(tools.commands.get(0).contains("-tags"), tools.commands.get(0).toString());
    }

    @Test
    void envIsMergedIntoTheBuildEnvironmentBesideTheBuildersOwnVariables() throws Exception {
        Recorder tools = new Recorder();
        plan(new GoStrategy(tmp.resolve("cache")), goModule(), tmp.resolve("w"), TargetPlatform.parse("linux/arm/v7"),
                tools, new BuilderOptions.Go("", List.of(), List.of(), Map.of("GOAMD64", "v2",
                        "GOPRIVATE", "example.org/*")), "");
        Map<String, String> env = tools.envs.get(0);
        assertEquals("v2", env.get("GOAMD64"));
        assertEquals("example.org/*", env.get("GOPRIVATE"));
        assertEquals("0", env.get("CGO_ENABLED"), "static by default");
        assertEquals("linux", env.get("GOOS"));
        assertEquals("arm", env.get("GOARCH"));
        assertEquals("7", env.get("GOARM"));
        assertEquals("-mod=mod", env.get("GOFLAGS"));
        assertEquals("local", env.get("GOTOOLCHAIN"));
        assertEquals(tmp.resolve("cache").toString(), env.get("GOCACHE"));
    }

    @Test
    void cgoOnABaseImageWithALibcIsPassedThrough() throws Exception {
        Recorder tools = new Recorder();
        plan(new GoStrategy(tmp.resolve("cache")), goModule(), tmp.resolve("w"), TargetPlatform.LINUX_AMD64, tools,
                new BuilderOptions.Go("", List.of(), List.of(), Map.of("CGO_ENABLED", "1")), "debian:12-slim");
        assertEquals("1", tools.envs.get(0).get("CGO_ENABLED"));
    }

    @Test
    void variablesTheBuilderOwnsAreRefusedBeforeGoRuns() throws Exception {
        for (String owned : List.of("GOOS", "GOARCH", "GOARM", "GOCACHE", "GOFLAGS", "GOTOOLCHAIN")) {
            Recorder tools = new Recorder();
            BuildException e = org.junit.jupiter.api.Assertions.assertThrows(BuildException.class, () -> plan(
                    new GoStrategy(tmp.resolve("cache")), goModule(), tmp.resolve("w"), TargetPlatform.LINUX_AMD64,
                    tools, new BuilderOptions.Go("", List.of(), List.of(), Map.of(owned, "x")), ""));
            assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
            assertTrue(e.getMessage().contains("build.go.env." + owned), e.getMessage());
            assertTrue(tools.commands.isEmpty(), "go did not run for " + owned);
        }
    }

    @Test
    void cgoOnScratchAndBadTagsAndBadCgoValuesAreRefused() throws Exception {
        for (var bad : List.of(
                Map.entry(new BuilderOptions.Go("", List.of(), List.of(), Map.of("CGO_ENABLED", "1")), ""),
                Map.entry(new BuilderOptions.Go("", List.of(), List.of(), Map.of("CGO_ENABLED", "1")), "scratch"),
                Map.entry(new BuilderOptions.Go("", List.of(), List.of(), Map.of("CGO_ENABLED", "yes")), "debian"),
                Map.entry(new BuilderOptions.Go("", List.of(), List.of("a,b"), Map.of()), ""),
                Map.entry(new BuilderOptions.Go("", List.of(), List.of("-race"), Map.of()), ""))) {
            Recorder tools = new Recorder();
            BuildException e = org.junit.jupiter.api.Assertions.assertThrows(BuildException.class, () -> plan(
                    new GoStrategy(tmp.resolve("cache")), goModule(), tmp.resolve("w"), TargetPlatform.LINUX_AMD64,
                    tools, bad.getKey(), bad.getValue()), bad.toString());
            assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
            assertTrue(tools.commands.isEmpty());
        }
    }
}
