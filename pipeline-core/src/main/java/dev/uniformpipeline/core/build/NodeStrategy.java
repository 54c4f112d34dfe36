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
 * lock file; {@code build.node.install} and {@code .production} choose) in a private staging copy of package.json, so
 * the source tree is not modified. With {@code build.node.buildScript} the tree is copied to a private folder, all
 * dependencies are installed, {@code npm run <script>} runs (e.g. TypeScript to dist/), then the dev dependencies are
 * pruned. Layers: {@code node_modules} (its own layer, changes rarely) then the application. Runs
 * {@code node <start>}, the {@code node ...} command of {@code build.node.script}, or {@code node <main>}
 * (package.json {@code main}, default index.js). Base {@code local:node}.
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
        BuilderOptions.Node options = context.request().options().node();
        packageManager(context, options);
        boolean lock = context.tree().has("package-lock.json") || context.tree().has("npm-shrinkwrap.json");
        boolean ci = switch (options.install()) {
            case "ci" -> {
                if (!lock) {
                    throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.node.install: ci needs"
                            + " package-lock.json (or npm-shrinkwrap.json) in " + root + "; commit the lock file"
                            + " (npm install writes it) or set install: auto");
                }
                yield true;
            }
            case "install" -> false;
            case "auto" -> lock;
            default -> throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.node.install: '"
                    + options.install() + "' is not auto, ci or install");
        };
        String buildScript = options.buildScript();
        if (!buildScript.isEmpty()) {
            requireScript(pkg, buildScript, "build.node.buildScript", root);
        }
        List<String> install = new ArrayList<>(ci ? List.of("npm", "ci") : List.of("npm", "install"));
        // a build script needs the dev dependencies (a compiler); they are pruned after it ran
        if (options.production() && buildScript.isEmpty()) {
            install.add("--omit=dev");
        }
        install.addAll(List.of("--ignore-scripts", "--no-audit", "--no-fund"));
        if (!ci) {
            install.add("--no-package-lock");
        }
        Map<String, String> env = Map.of("npm_config_update_notifier", "false");
        String fix = "fix package.json / package-lock.json (run the same npm command locally)";
        Path staging = context.workDir().resolve(buildScript.isEmpty() ? "node" : "node-build");
        SourceTree app;
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            if (buildScript.isEmpty()) {
                // only the manifest is needed to install: the source tree is never written to
                copyIfPresent(root, staging, "package.json");
                copyIfPresent(root, staging, "package-lock.json");
                copyIfPresent(root, staging, "npm-shrinkwrap.json");
            } else {
                // the build script writes its output (dist/, ...) into a private copy of the tree
                for (LayerSpec.Entry e : context.tree().entries(".", "/", Excludes.standardAnd("node_modules"))) {
                    Path to = staging.resolve(e.target().substring(1));
                    Files.createDirectories(to.getParent());
                    Files.copy(e.source(), to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot stage package.json in " + staging, e);
        }
        boolean devToo = !buildScript.isEmpty() || !options.production();
        if (hasDependencies(pkg, "dependencies") || devToo && hasDependencies(pkg, "devDependencies")) {
            context.tools().run(install, staging, env, fix);
        } else {
            context.listener().step("package.json has no dependencies: npm install skipped");
        }
        if (!buildScript.isEmpty()) {
            context.tools().run(List.of("npm", "run", buildScript), staging, env, "fix the package.json script '"
                    + buildScript + "' (run 'npm run " + buildScript + "' locally)");
            if (options.production() && Files.isDirectory(staging.resolve("node_modules"))) {
                context.tools().run(List.of("npm", "prune", "--omit=dev", "--no-audit", "--no-fund"), staging, env,
                        fix);
            }
            app = new SourceTree(staging, context.listener());
        } else {
            app = context.tree();
        }
        List<LayerSpec> layers = new ArrayList<>();
        if (Files.isDirectory(staging.resolve("node_modules"))) {
            SourceTree modules = new SourceTree(staging, context.listener());
            layers.add(new LayerSpec("node_modules", modules.entries("node_modules", "/app/node_modules",
                    rel -> rel.equals("node_modules/.package-lock.json"))));
        }
        layers.add(new LayerSpec("app", app.entries(".", "/app", Excludes.standardAnd("node_modules"))));
        return new BuildPlan(name(), layers, entrypoint(context, pkg, app), List.of(),
                Map.of("NODE_ENV", "production"), "/app", 3000, "local:node");
    }

    /** {@code node <start>}, the {@code node ...} command of {@code build.node.script}, or {@code node <main>}. */
    private static List<String> entrypoint(BuildContext context, JsonNode pkg, SourceTree app)
            throws BuildException {
        String start = context.request().options().nodeStart();
        String script = context.request().options().node().script();
        if (!start.isEmpty()) {
            if (!app.has(start)) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.node.start: " + start
                        + " is not a file in " + context.root() + "; name the script node should run");
            }
            return List.of("node", start);
        }
        if (!script.isEmpty()) {
            String command = requireScript(pkg, script, "build.node.script", context.root());
            List<String> words = List.of(command.strip().split("\\s+"));
            if (!words.get(0).equals("node") || words.size() < 2 || !SIMPLE_WORDS.matcher(command.strip()).matches()) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.node.script: the script '"
                        + script + "' runs '" + command + "', which is not a plain 'node <file> [args]' command;"
                        + " the image starts node directly (no npm or shell), so use build.node.start: <file>,"
                        + " or build.entrypoint with a base image that has what the script needs");
            }
            return words;
        }
        return List.of("node", pkg.path("main").asText("index.js"));
    }

    private static final java.util.regex.Pattern SIMPLE_WORDS =
            java.util.regex.Pattern.compile("[A-Za-z0-9_@%+=:,./-]+(\\s+[A-Za-z0-9_@%+=:,./-]+)*");

    /** The command of package.json script {@code name}, or an error on {@code field} listing the scripts. */
    private static String requireScript(JsonNode pkg, String name, String field, Path root) throws BuildException {
        JsonNode scripts = pkg.path("scripts");
        if (!scripts.path(name).isTextual()) {
            List<String> names = new ArrayList<>();
            scripts.fieldNames().forEachRemaining(names::add);
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, field + ": package.json in " + root
                    + " has no script '" + name + "' (scripts: " + names + "); add it or fix the name");
        }
        return scripts.path(name).asText();
    }

    /** Only npm is run; yarn and pnpm are named so that a project using them gets a clear answer. */
    private static void packageManager(BuildContext context, BuilderOptions.Node options) throws BuildException {
        String pm = options.packageManager();
        if (pm.equals("yarn") || pm.equals("pnpm")) {
            throw new BuildException(BuildException.Reason.NOT_IMPLEMENTED, "build.node.packageManager: " + pm
                    + " is not supported by the node builder yet (it runs npm); commit a package-lock.json and"
                    + " remove packageManager, or install with " + pm + " before the pipeline and use build.layers");
        }
        if (pm.isEmpty() && !context.tree().has("package-lock.json")) {
            for (String lock : List.of("yarn.lock", "pnpm-lock.yaml")) {
                if (context.tree().has(lock)) {
                    context.listener().warning(lock + " is not used: the node builder installs with npm (no"
                            + " package-lock.json, so versions are not locked)");
                }
            }
        }
    }

    private static void copyIfPresent(Path from, Path to, String name) throws IOException {
        if (Files.isRegularFile(from.resolve(name))) {
            Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Pure JavaScript/Python is architecture-neutral; native modules built here only run on this platform. */
    @Override
    public void checkPlatforms(BuildContext context, BuildPlan plan, List<TargetPlatform> platforms)
            throws BuildException {
        NativeCode.refuseForeignPlatforms(plan, platforms, "node_modules");
    }

    private static boolean hasDependencies(JsonNode pkg, String field) {
        JsonNode deps = pkg.path(field);
        return deps.isObject() && deps.size() > 0;
    }
}
