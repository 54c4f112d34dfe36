package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python: {@code pip install --target} of requirements.txt (or of the project itself when only pyproject.toml
 * exists) into a private staging folder, which becomes its own layer at {@code /app/site-packages}; the source is
 * the next layer at {@code /app}. Runs {@code python3 <main>} (main.py, app.py or __main__.py). There is no local
 * Python base: set build.baseImage to an image that has python3.
 */
final class PythonStrategy implements BuildStrategy {
    @Override
    public String name() {
        return "python";
    }

    @Override
    public boolean detect(BuildContext context) {
        return context.tree().has("requirements.txt") || context.tree().has("pyproject.toml");
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        Path root = context.root();
        Path target = context.workDir().resolve("python/site-packages");
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot create " + target, e);
        }
        List<String> cmd = new ArrayList<>(List.of("python3", "-m", "pip", "install", "--no-cache-dir",
                "--disable-pip-version-check", "--no-compile", "--target", target.toString()));
        if (context.tree().has("requirements.txt")) {
            if (!requirementsEmpty(root.resolve("requirements.txt"))) {
                cmd.addAll(List.of("-r", "requirements.txt"));
                context.tools().run(cmd, root, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                        "fix requirements.txt (run the same pip command locally)");
            } else {
                context.listener().step("requirements.txt lists no packages: pip install skipped");
            }
        } else {
            cmd.add(".");
            context.tools().run(cmd, root, Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                    "fix pyproject.toml (run the same pip command locally)");
        }
        List<LayerSpec> layers = new ArrayList<>();
        SourceTree packages = new SourceTree(target.getParent(), context.listener());
        List<LayerSpec.Entry> deps = packages.entries("site-packages", "/app/site-packages",
                rel -> rel.contains("__pycache__") || rel.endsWith(".pyc") || rel.endsWith("/direct_url.json"));
        if (!deps.isEmpty()) {
            layers.add(new LayerSpec("site-packages", deps));
        }
        layers.add(new LayerSpec("app", context.tree().entries(".", "/app", Excludes.standard())));
        BuilderOptions options = context.request().options();
        List<String> run;
        if (!options.pythonModule().isEmpty()) {
            run = List.of("python3", "-m", options.pythonModule());
        } else if (!options.pythonScript().isEmpty()) {
            if (!context.tree().has(options.pythonScript())) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.python.script: "
                        + options.pythonScript() + " is not a file in " + context.root() + "; fix the path");
            }
            run = List.of("python3", options.pythonScript());
        } else {
            run = List.of("python3", context.tree().has("main.py") ? "main.py" : context.tree().has("app.py")
                    ? "app.py" : "__main__.py");
        }
        return new BuildPlan(name(), layers, run, List.of(),
                Map.of("PYTHONPATH", "/app/site-packages:/app", "PYTHONDONTWRITEBYTECODE", "1",
                        "PYTHONUNBUFFERED", "1"),
                "/app", 8000, "");
    }

    /** Pure JavaScript/Python is architecture-neutral; native modules built here only run on this platform. */
    @Override
    public void checkPlatforms(BuildContext context, BuildPlan plan, List<TargetPlatform> platforms)
            throws BuildException {
        NativeCode.refuseForeignPlatforms(plan, platforms, "installed packages");
    }

    private static boolean requirementsEmpty(Path file) throws BuildException {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .allMatch(l -> l.isEmpty() || l.startsWith("#"));
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read " + file, e);
        }
    }
}
