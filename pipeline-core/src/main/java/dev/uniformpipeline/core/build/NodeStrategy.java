package dev.uniformpipeline.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Node: installs production dependencies with {@code npm ci --omit=dev} (or {@code npm install --omit=dev} without a
 * lock file) in a private staging copy of package.json, so the source tree is not modified. Layers:
 * {@code node_modules} (its own layer, changes rarely) then the application. Runs {@code node <main>} (package.json
 * {@code main}, default index.js). Base {@code local:node}.
 */
final class NodeStrategy implements BuildStrategy {
    @Override
    public String name() {
        return "node";
    }

    @Override
    public boolean detect(BuildContext context) {
        return context.tree().has("package.json");
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        Path root = context.root();
        JsonNode pkg;
        try {
            pkg = new ObjectMapper().readTree(root.resolve("package.json").toFile());
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, root.resolve("package.json")
                    + ": not valid JSON (" + e.getMessage() + "); fix the file", e);
        }
        Path staging = context.workDir().resolve("node");
        List<LayerSpec> layers = new ArrayList<>();
        try {
            Files.createDirectories(staging);
            Files.copy(root.resolve("package.json"), staging.resolve("package.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            boolean lock = context.tree().has("package-lock.json");
            if (lock) {
                Files.copy(root.resolve("package-lock.json"), staging.resolve("package-lock.json"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = lock
                    ? List.of("npm", "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund")
                    : List.of("npm", "install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund",
                            "--no-package-lock");
            if (hasDependencies(pkg)) {
                context.tools().run(cmd, staging, Map.of("npm_config_update_notifier", "false"),
                        "fix package.json / package-lock.json (run the same npm command locally)");
            } else {
                context.listener().step("package.json has no dependencies: npm install skipped");
            }
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot stage package.json in " + staging, e);
        }
        if (Files.isDirectory(staging.resolve("node_modules"))) {
            SourceTree modules = new SourceTree(staging, context.listener());
            layers.add(new LayerSpec("node_modules", modules.entries("node_modules", "/app/node_modules",
                    rel -> rel.equals("node_modules/.package-lock.json"))));
        }
        layers.add(new LayerSpec("app", context.tree().entries(".", "/app",
                Excludes.standardAnd("node_modules"))));
        String start = context.request().options().nodeStart();
        if (!start.isEmpty() && !context.tree().has(start)) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.node.start: " + start
                    + " is not a file in " + context.root() + "; name the script node should run");
        }
        String main = start.isEmpty() ? pkg.path("main").asText("index.js") : start;
        return new BuildPlan(name(), layers, List.of("node", main), List.of(), Map.of("NODE_ENV", "production"),
                "/app", 3000, "local:node");
    }

    /** Pure JavaScript/Python is architecture-neutral; native modules built here only run on this platform. */
    @Override
    public void checkPlatforms(BuildContext context, BuildPlan plan, List<TargetPlatform> platforms)
            throws BuildException {
        NativeCode.refuseForeignPlatforms(plan, platforms, "node_modules");
    }

    private static boolean hasDependencies(JsonNode pkg) {
        JsonNode deps = pkg.path("dependencies");
        return deps.isObject() && deps.size() > 0;
    }
}
