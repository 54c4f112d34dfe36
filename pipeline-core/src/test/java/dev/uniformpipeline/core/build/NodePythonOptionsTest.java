package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build.node} and {@code build.python} options: the npm and pip command lines they produce (a recording tool
 * runner stands in for npm and pip), what ends up in the layers, and the errors that name the field and the fix.
 */
class NodePythonOptionsTest {
    @TempDir
    Path tmp;

    final List<String> warnings = new ArrayList<>();
    final BuildListener listener = new BuildListener() {
        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    };

    record Call(List<String> command, Path dir) { }

    interface Tool {
        void run(List<String> command, Path dir) throws Exception;
    }

    /** Records each call; {@code npm ci/install} create one module so the node_modules layer exists. */
    static final class Recorder extends ToolRunner {
        final List<Call> calls = new ArrayList<>();
        final Tool tool;

        Recorder(Tool tool) {
            super(BuildListener.NONE, Duration.ofMinutes(1));
            this.tool = tool;
        }

        @Override
        public void run(List<String> command, Path dir, Map<String, String> env, String fix) {
            calls.add(new Call(List.copyOf(command), dir));
            try {
                if (command.get(0).equals("npm") && (command.get(1).equals("ci") || command.get(1).equals("install"))) {
                    Files.createDirectories(dir.resolve("node_modules/left-pad"));
                    Files.writeString(dir.resolve("node_modules/left-pad/index.js"), "module.exports = 1;\n");
                }
                tool.run(command, dir);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    BuildPlan plan(BuildStrategy strategy, Path src, BuilderOptions options, Recorder tools) throws Exception {
        BuildRequest request = BuildRequest.builder(src, tmp.resolve("work")).builder(strategy.name())
                .options(options).build();
        return strategy.plan(new BuildContext(new SourceTree(src, listener), request, tmp.resolve("work"), tools,
                listener, null));
    }

    static BuilderOptions node(String script, String buildScript, String install, boolean production, String pm) {
        return BuilderOptions.builder().node(new BuilderOptions.Node(script, buildScript, install, production, pm))
                .build();
    }

    Path nodeApp(boolean lock, String scripts) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("node"));
        Files.writeString(src.resolve("package.json"), """
                { "name": "app", "main": "server.js",
                  "dependencies": { "left-pad": "1.3.0" },
                  "devDependencies": { "typescript": "5.6.3" },
                  "scripts": { %s } }
                """.formatted(scripts));
        Files.writeString(src.resolve("server.js"), "require('http');\n");
        if (lock) {
            Files.writeString(src.resolve("package-lock.json"), "{}\n");
        }
        return src;
    }

    static Set<String> targets(LayerSpec layer) {
        return layer.entries().stream().map(LayerSpec.Entry::target).collect(Collectors.toSet());
    }

    @Test
    void byDefaultALockFileMeansNpmCiOfProductionDependencies() throws Exception {
        Recorder npm = new Recorder((c, d) -> { });
        BuildPlan plan = plan(new NodeStrategy(), nodeApp(true, ""), BuilderOptions.NONE, npm);
        assertEquals(List.of(List.of("npm", "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund")),
                npm.calls.stream().map(Call::command).toList());
        assertEquals(List.of("node", "server.js"), plan.entrypoint());
        assertEquals(List.of("node_modules", "app"), plan.layers().stream().map(LayerSpec::name).toList());
    }

    @Test
    void installInstallUsesNpmInstallEvenWithALockAndProductionFalseKeepsDevDependencies() throws Exception {
        Recorder npm = new Recorder((c, d) -> { });
        plan(new NodeStrategy(), nodeApp(true, ""), node("", "", "install", false, ""), npm);
        assertEquals(List.of("npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"),
                npm.calls.get(0).command());
    }

    @Test
    void installCiWithoutALockFileIsAnErrorNamingTheField() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> plan(new NodeStrategy(), nodeApp(false, ""),
                node("", "", "ci", true, ""), new Recorder((c, d) -> { })));
        assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().startsWith("build.node.install: ci needs package-lock.json"), e.getMessage());
    }

    @Test
    void buildScriptRunsInAPrivateCopyWithDevDependenciesThenPrunesThem() throws Exception {
        Path src = nodeApp(true, "\"build\": \"tsc -p .\", \"serve\": \"node dist/server.js --port 3000\"");
        Files.writeString(src.resolve("index.ts"), "export {};\n");
        Recorder npm = new Recorder((c, d) -> {
            if (c.equals(List.of("npm", "run", "build"))) {
                Files.createDirectories(d.resolve("dist"));
                Files.writeString(d.resolve("dist/server.js"), "compiled\n");
            }
        });
        BuildPlan plan = plan(new NodeStrategy(), src, node("serve", "build", "auto", true, ""), npm);
        Path copy = tmp.resolve("work/node-build");
        assertEquals(List.of(
                new Call(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), copy),
                new Call(List.of("npm", "run", "build"), copy),
                new Call(List.of("npm", "prune", "--omit=dev", "--no-audit", "--no-fund"), copy)), npm.calls);
        assertTrue(targets(plan.layers().get(1)).containsAll(Set.of("/app/dist/server.js", "/app/index.ts",
                "/app/package.json")), plan.layers().get(1).toString());
        assertTrue(targets(plan.layers().get(0)).contains("/app/node_modules/left-pad/index.js"));
        assertEquals(List.of("node", "dist/server.js", "--port", "3000"), plan.entrypoint(), "the script's command");
        assertTrue(!Files.exists(src.resolve("dist")) && !Files.exists(src.resolve("node_modules")),
                "the source tree is not written to");
    }

    @Test
    void aBuildScriptThatPackageJsonDoesNotHaveIsAnErrorListingTheScripts() throws Exception {
        Recorder npm = new Recorder((c, d) -> { });
        BuildException e = assertThrows(BuildException.class, () -> plan(new NodeStrategy(),
                nodeApp(true, "\"compile\": \"tsc\""), node("", "build", "auto", true, ""), npm));
        assertTrue(e.getMessage().startsWith("build.node.buildScript: package.json") && e.getMessage()
                .contains("has no script 'build' (scripts: [compile])"), e.getMessage());
        assertTrue(npm.calls.isEmpty(), "nothing ran");
    }

    @Test
    void aScriptThatIsNotAPlainNodeCommandIsRefusedWithTheAlternatives() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> plan(new NodeStrategy(),
                nodeApp(true, "\"serve\": \"npm run build && node dist/server.js\""), node("serve", "", "auto", true,
                        ""), new Recorder((c, d) -> { })));
        assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().contains("build.node.script: the script 'serve' runs 'npm run build && node"
                + " dist/server.js', which is not a plain 'node <file> [args]' command")
                && e.getMessage().contains("build.node.start"), e.getMessage());
    }

    @Test
    void yarnIsNamedAsNotSupportedRatherThanSilentlyUsingNpm() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> plan(new NodeStrategy(), nodeApp(false, ""),
                node("", "", "auto", true, "yarn"), new Recorder((c, d) -> { })));
        assertEquals(BuildException.Reason.NOT_IMPLEMENTED, e.reason());
        assertTrue(e.getMessage().startsWith("build.node.packageManager: yarn is not supported"), e.getMessage());
        Path src = nodeApp(false, "");
        Files.writeString(src.resolve("yarn.lock"), "");
        plan(new NodeStrategy(), src, BuilderOptions.NONE, new Recorder((c, d) -> { }));
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("yarn.lock is not used")), warnings.toString());
    }

    // ------------------------------------------------------------------------------------------------- python

    static BuilderOptions python(String requirements, List<String> extras, List<String> pipArgs) {
        return BuilderOptions.builder().python(new BuilderOptions.Python(requirements, extras, pipArgs)).build();
    }

    Path pythonApp(String requirementsFile, boolean pyproject) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("py"));
        Files.writeString(src.resolve("main.py"), "print('hi')\n");
        if (requirementsFile != null) {
            Files.createDirectories(src.resolve(requirementsFile).getParent() == null ? src
                    : src.resolve(requirementsFile).getParent());
            Files.writeString(src.resolve(requirementsFile), "flask==3.0.3\n");
        }
        if (pyproject) {
            Files.writeString(src.resolve("pyproject.toml"), "[project]\nname = \"app\"\nversion = \"1\"\n");
        }
        return src;
    }

    static List<String> pipTail(Recorder pip) {
        List<String> c = pip.calls.get(0).command();
        return c.subList(c.indexOf("--target") + 2, c.size());
    }

    @Test
    void requirementsFileAndPipArgsAreUsed() throws Exception {
        Recorder pip = new Recorder((c, d) -> { });
        plan(new PythonStrategy(), pythonApp("req/prod.txt", false), python("req/prod.txt", List.of(),
                List.of("--index-url", "https://pypi.example.org/simple")), pip);
        assertEquals(1, pip.calls.size());
        assertEquals(List.of("python3", "-m", "pip", "install"), pip.calls.get(0).command().subList(0, 4));
        assertEquals(List.of("--index-url", "https://pypi.example.org/simple", "-r", "req/prod.txt"), pipTail(pip));
    }

    @Test
    void aMissingRequirementsFileIsAnErrorNamingTheField() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> plan(new PythonStrategy(),
                pythonApp("requirements.txt", false), python("req/prod.txt", List.of(), List.of()),
                new Recorder((c, d) -> { })));
        assertTrue(e.getMessage().startsWith("build.python.requirements: req/prod.txt is not a file"),
                e.getMessage());
    }

    @Test
    void extrasInstallTheProjectWithThemBesideTheRequirements() throws Exception {
        Recorder pip = new Recorder((c, d) -> { });
        plan(new PythonStrategy(), pythonApp("requirements.txt", true), python("", List.of("postgres", "redis"),
                List.of()), pip);
        assertEquals(List.of("-r", "requirements.txt", ".[postgres,redis]"), pipTail(pip));
    }

    @Test
    void withoutExtrasAPyprojectBesideRequirementsIsNotInstalledButAloneItIs() throws Exception {
        Recorder both = new Recorder((c, d) -> { });
        plan(new PythonStrategy(), pythonApp("requirements.txt", true), BuilderOptions.NONE, both);
        assertEquals(List.of("-r", "requirements.txt"), pipTail(both));
        Recorder alone = new Recorder((c, d) -> { });
        Files.delete(tmp.resolve("py/requirements.txt"));
        plan(new PythonStrategy(), tmp.resolve("py"), BuilderOptions.NONE, alone);
        assertEquals(List.of("."), pipTail(alone));
    }

    @Test
    void extrasWithoutAProjectFileIsAnErrorNamingTheField() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> plan(new PythonStrategy(),
                pythonApp("requirements.txt", false), python("", List.of("postgres"), List.of()),
                new Recorder((c, d) -> { })));
        assertTrue(e.getMessage().startsWith("build.python.extras: [postgres]") && e.getMessage().contains(
                "no pyproject.toml or setup.py"), e.getMessage());
    }
}
