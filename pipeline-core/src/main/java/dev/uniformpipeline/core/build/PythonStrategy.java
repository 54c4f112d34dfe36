package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python: {@code pip install --target} of requirements.txt (or {@code build.python.requirements}; or of the project
 * itself, with {@code build.python.extras}, when only pyproject.toml exists or extras are asked for) plus
 * {@code build.python.pipArgs} into a private staging folder, which becomes its own layer at {@code /app/site-packages}; the source is
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
        BuilderOptions.Python py = context.request().options().python();
        String requirements = py.requirements().isEmpty() ? "requirements.txt" : py.requirements();
        boolean hasRequirements = context.tree().has(requirements)
                && !Files.isDirectory(root.resolve(requirements));
        if (!hasRequirements && !requirements.equals("requirements.txt")) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.python.requirements: "
                    + requirements + " is not a file in " + root + "; fix the path");
        }
        boolean projectFile = context.tree().has("pyproject.toml") || context.tree().has("setup.py");
        if (!py.extras().isEmpty() && !projectFile) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.python.extras: " + py.extras()
                    + " are extras of the project itself, but " + root + " has no pyproject.toml or setup.py;"
                    + " remove extras or add the project file");
        }
        boolean installProject = !py.extras().isEmpty() || (!hasRequirements && projectFile);
        List<String> cmd = new ArrayList<>(List.of("python3", "-m", "pip", "install", "--no-cache-dir",
                "--disable-pip-version-check", "--no-compile", "--target", target.toString()));
        cmd.addAll(py.pipArgs());
        boolean work = false;
        if (hasRequirements) {
            if (!requirementsEmpty(root.resolve(requirements))) {
                cmd.addAll(List.of("-r", requirements));
                work = true;
            } else {
                context.listener().step(requirements + " lists no packages");
            }
        }
        if (installProject) {
            cmd.add(py.extras().isEmpty() ? "." : ".[" + String.join(",", py.extras()) + "]");
            work = true;
        }
        if (work) {
            context.tools().run(cmd, root, Map.of("PYTHONDONTWRITEBYTECODE", "1"), "fix "
                    + (installProject ? "pyproject.toml" : requirements) + " (run the same pip command locally)");
        } else {
            context.listener().step("nothing to install: pip install skipped");
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
