package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gradle builder without Gradle: a recording tool runner stands in for the tool and writes what the init
 * script would, so the command line, the wrapper rules, the staging and the layer split are checked exactly.
 * {@code GradleBuilderIT} runs the real Gradle.
 */
class GradleStrategyTest {
    @TempDir
    Path tmp;

    final List<String> steps = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final BuildListener listener = new BuildListener() {
        @Override
        public void step(String message) {
            steps.add(message);
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    };

    interface Handler {
        void handle(List<String> command) throws Exception;
    }

    /** Records each command and lets the test decide what the "tool" does. */
    static final class FakeTools extends ToolRunner {
        final List<List<String>> commands = new ArrayList<>();
        final Handler handler;

        FakeTools(Handler handler) {
            super(BuildListener.NONE, Duration.ofMinutes(1));
            this.handler = handler;
        }

        @Override
        public void run(List<String> command, Path dir, Map<String, String> env, String fix) throws BuildException {
            commands.add(List.copyOf(command));
            try {
                handler.handle(command);
            } catch (BuildException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    Path project(String buildFile) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve(buildFile), "// build\n");
        return src;
    }

    BuildContext context(Path src, BuilderOptions options, ToolRunner tools) throws Exception {
        BuildRequest request = BuildRequest.builder(src, tmp.resolve("work")).builder("gradle").options(options)
                .build();
        return new BuildContext(new SourceTree(src, listener), request, tmp.resolve("work"), tools, listener, null);
    }

    static String arg(List<String> command, String prefix) {
        return command.stream().filter(a -> a.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    static void jar(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry(file.getFileName() + ".txt"));
            out.write(file.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Plays the init script: a compiled project with resources and a runtime classpath. */
    Handler gradleBuilds(String mainClass) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("gradle-out"));
        Files.createDirectories(out.resolve("classes/java/main/example"));
        Files.writeString(out.resolve("classes/java/main/example/Main.class"), "not really a class");
        Files.createDirectories(out.resolve("resources/main"));
        Files.writeString(out.resolve("resources/main/app.properties"), "greeting=hi\n");
        jar(out.resolve("cache/a/lib-1.0.jar"));
        jar(out.resolve("cache/b/lib-1.0.jar")); // same file name, other artifact
        jar(out.resolve("cache/c/tool-2.0-SNAPSHOT.jar"));
        return cmd -> {
            List<String> lines = new ArrayList<>(List.of("gradle=4.4.1",
                    "classes=" + out.resolve("classes/java/main"),
                    "classes=" + out.resolve("classes/kotlin/main"), // listed by Gradle, not created
                    "resources=" + out.resolve("resources/main"),
                    "dependency=" + out.resolve("cache/a/lib-1.0.jar"),
                    "dependency=" + out.resolve("cache/b/lib-1.0.jar"),
                    "dependency=" + out.resolve("cache/c/tool-2.0-SNAPSHOT.jar")));
            if (mainClass != null) {
                lines.add("mainClass=" + mainClass);
            }
            Files.write(Path.of(arg(cmd, "-PuniformPipeline.output=")), lines);
        };
    }

    @Test
    void runsGradleWithTheInitScriptTheProjectTheTasksAndTheArgs() throws Exception {
        Path src = project("build.gradle.kts");
        FakeTools tools = new FakeTools(gradleBuilds("example.Main"));
        BuilderOptions options = BuilderOptions.builder().gradle(new BuilderOptions.Gradle(":app", List.of("check"),
                List.of("--offline", "-Pflavour=prod"), true)).jvmFlags(List.of("-Xss1m")).build();
        BuildPlan plan = new GradleStrategy(name -> true, tmp.resolve("gradle-home"))
                .plan(context(src, options, tools));

        assertEquals(1, tools.commands.size());
        Path work = tmp.resolve("work/gradle");
        assertEquals(List.of("gradle", "--no-daemon", "--console=plain", "-q",
                "--init-script", work.resolve("uniform-image.init.gradle").toString(),
                "-PuniformPipeline.output=" + work.resolve("image.txt"),
                "-PuniformPipeline.project=:app",
                "check", ":uniformPipelineImage", "--offline", "-Pflavour=prod"), tools.commands.get(0));
        assertTrue(Files.readString(work.resolve("uniform-image.init.gradle")).contains("task.doLast"),
                "the init script is written where the command says");
        assertTrue(steps.contains("gradle build (kotlin DSL), project :app"), steps.toString());
        assertEquals(List.of("java", "-Xss1m", "-cp", "/app/resources:/app/classes:/app/libs/*", "example.Main"),
                plan.entrypoint(), "the application plugin's main class");
        assertEquals("local:jre17", plan.defaultBase());
        assertEquals(8080, plan.defaultPort());
    }

    @Test
    void layersAreDependenciesSnapshotsResourcesClassesLikeJib() throws Exception {
        Path src = project("build.gradle");
        BuildPlan plan = new GradleStrategy(name -> true, tmp.resolve("gradle-home"))
                .plan(context(src, BuilderOptions.NONE, new FakeTools(gradleBuilds("example.Main"))));
        assertEquals(List.of("dependencies", "snapshot-dependencies", "resources", "classes"),
                plan.layers().stream().map(LayerSpec::name).toList());
        Set<String> deps = targets(plan.layers().get(0));
        assertEquals(2, deps.size(), "two jars named lib-1.0.jar both stay: " + deps);
        assertTrue(deps.contains("/app/libs/lib-1.0.jar"), deps.toString());
        assertTrue(deps.stream().anyMatch(d -> d.matches("/app/libs/lib-1\\.0-[0-9a-f]{12}\\.jar")), deps.toString());
        assertEquals(Set.of("/app/libs/tool-2.0-SNAPSHOT.jar"), targets(plan.layers().get(1)));
        assertEquals(Set.of("/app/resources/app.properties"), targets(plan.layers().get(2)));
        assertEquals(Set.of("/app/classes/example/Main.class"), targets(plan.layers().get(3)));
        assertTrue(steps.contains("gradle build (groovy DSL), project :"), steps.toString());
    }

    @Test
    void theRequestsMainClassWinsOverTheApplicationPlugins() throws Exception {
        Path src = project("build.gradle");
        BuildRequest request = BuildRequest.builder(src, tmp.resolve("work")).builder("gradle").mainClass("x.Other")
                .build();
        BuildContext ctx = new BuildContext(new SourceTree(src, listener), request, tmp.resolve("work"),
                new FakeTools(gradleBuilds("example.Main")), listener, null);
        BuildPlan plan = new GradleStrategy(name -> true, tmp.resolve("h")).plan(ctx);
        assertEquals("x.Other", plan.entrypoint().get(plan.entrypoint().size() - 1));
    }

    static Set<String> targets(LayerSpec layer) {
        return layer.entries().stream().map(LayerSpec.Entry::target).collect(Collectors.toSet());
    }

    @Test
    void theProjectsOwnWrapperIsPreferred() throws Exception {
        Path src = project("settings.gradle");
        Files.writeString(src.resolve("gradlew"), "#!/bin/sh\n");
        assertTrue(src.resolve("gradlew").toFile().setExecutable(true));
        FakeTools tools = new FakeTools(gradleBuilds("example.Main"));
        new GradleStrategy(name -> false, tmp.resolve("h")).plan(context(src, BuilderOptions.NONE, tools));
        assertEquals(src.resolve("gradlew").toString(), tools.commands.get(0).get(0));
    }

    @Test
    void useWrapperFalseRunsGradleFromThePath() throws Exception {
        Path src = project("build.gradle");
        Files.writeString(src.resolve("gradlew"), "#!/bin/sh\n");
        FakeTools tools = new FakeTools(gradleBuilds("example.Main"));
        new GradleStrategy(name -> true, tmp.resolve("h")).plan(context(src, BuilderOptions.builder()
                .gradle(new BuilderOptions.Gradle("", List.of(), List.of(), false)).build(), tools));
        assertEquals("gradle", tools.commands.get(0).get(0));
    }

    @Test
    void noWrapperAndNoGradleIsAnEnvironmentErrorNamingTheFix() throws Exception {
        Path src = project("build.gradle");
        FakeTools tools = new FakeTools(cmd -> { });
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> false,
                tmp.resolve("h")).plan(context(src, BuilderOptions.NONE, tools)));
        assertEquals(BuildException.Reason.TOOL_MISSING, e.reason());
        assertTrue(e.getMessage().contains("no 'gradle' on the PATH") && e.getMessage().contains("apt-get install"
                + " gradle") && e.getMessage().contains("gradle wrapper"), e.getMessage());
        assertTrue(tools.commands.isEmpty(), "nothing ran");
    }

    Path wrapperProject(String url) throws Exception {
        Path src = project("build.gradle");
        Files.writeString(src.resolve("gradlew"), "#!/bin/sh\nexit 1\n");
        assertTrue(src.resolve("gradlew").toFile().setExecutable(true));
        Files.createDirectories(src.resolve("gradle/wrapper"));
        Files.writeString(src.resolve(GradleStrategy.WRAPPER_PROPERTIES), "distributionBase=GRADLE_USER_HOME\n"
                + "distributionPath=wrapper/dists\ndistributionUrl=" + url.replace(":", "\\:") + "\n");
        return src;
    }

    static final String URL = "https://services.gradle.org/distributions/gradle-8.10.2-bin.zip";

    Handler wrapperCannotDownload(Handler gradle) {
        return cmd -> {
            if (cmd.stream().anyMatch(a -> a.endsWith("gradlew"))) {
                throw new BuildException(BuildException.Reason.TOOL_FAILED, "./gradlew failed (exit 1); Last output:"
                        + "\n  Downloading " + URL + "\n  Exception in thread \"main\" java.net.UnknownHostException");
            }
            gradle.handle(cmd);
        };
    }

    @Test
    void aWrapperThatCannotDownloadItsDistributionFallsBackToGradleWithAWarning() throws Exception {
        Path src = wrapperProject(URL);
        FakeTools tools = new FakeTools(wrapperCannotDownload(gradleBuilds("example.Main")));
        BuildPlan plan = new GradleStrategy(name -> true, tmp.resolve("h"))
                .plan(context(src, BuilderOptions.NONE, tools));
        assertEquals(2, tools.commands.size());
        assertEquals("gradle", tools.commands.get(1).get(0));
        assertEquals(tools.commands.get(0).subList(1, tools.commands.get(0).size()),
                tools.commands.get(1).subList(1, tools.commands.get(1).size()), "the same arguments");
        assertEquals(1, warnings.size(), warnings.toString());
        String w = warnings.get(0);
        assertTrue(w.contains(URL) && w.contains("falling back to 'gradle'") && w.contains("useWrapper: false")
                && w.contains(tmp.resolve("h/wrapper/dists").toString()), w);
        assertEquals(4, plan.layers().size());
    }

    @Test
    void aWrapperThatCannotDownloadAndNoGradleIsAnErrorNamingDistributionAndFix() throws Exception {
        Path src = wrapperProject(URL);
        FakeTools tools = new FakeTools(wrapperCannotDownload(cmd -> { }));
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> false,
                tmp.resolve("h")).plan(context(src, BuilderOptions.NONE, tools)));
        assertEquals(BuildException.Reason.TOOL_MISSING, e.reason());
        assertTrue(e.getMessage().contains(URL) && e.getMessage().contains("distributionUrl")
                && e.getMessage().contains("apt-get install gradle"), e.getMessage());
        assertEquals(1, tools.commands.size(), "no second attempt");
    }

    @Test
    void aFailingBuildWithAnInstalledWrapperDistributionIsNotRetriedWithAnotherGradle() throws Exception {
        Path src = wrapperProject(URL);
        Path installed = Files.createDirectories(tmp.resolve("h/wrapper/dists/gradle-8.10.2-bin/abc123"));
        Files.writeString(installed.resolve("gradle-8.10.2-bin.zip.ok"), "");
        FakeTools tools = new FakeTools(wrapperCannotDownload(cmd -> { }));
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> true,
                tmp.resolve("h")).plan(context(src, BuilderOptions.NONE, tools)));
        assertEquals(BuildException.Reason.TOOL_FAILED, e.reason());
        assertEquals(1, tools.commands.size(), "the build's own failure, reported as is");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aFailingBuildNamesTheCommandToRerunAndShowsTheLastOutput() throws Exception {
        Path src = project("build.gradle");
        Files.writeString(src.resolve("gradlew"), "#!/bin/sh\necho 'Main.java:3: error: cannot find symbol'\n"
                + "echo 'BUILD FAILED'\nexit 1\n");
        assertTrue(src.resolve("gradlew").toFile().setExecutable(true));
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> true, tmp.resolve("h"))
                .plan(context(src, BuilderOptions.builder().gradle(new BuilderOptions.Gradle(":app", List.of(),
                        List.of("--offline"), true)).build(), new ToolRunner(listener, Duration.ofMinutes(1)))));
        assertEquals(BuildException.Reason.TOOL_FAILED, e.reason());
        assertTrue(e.getMessage().contains("failed (exit 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("run './gradlew :app:classes --offline' in " + src), e.getMessage());
        assertTrue(e.getMessage().contains("cannot find symbol"), e.getMessage());
        assertTrue(warnings.isEmpty(), "no wrapper properties: a build failure, not a download failure");
    }

    @Test
    void anUnknownProjectIsAnErrorOnBuildGradleProjectListingTheJavaProjects() throws Exception {
        Path src = project("settings.gradle");
        FakeTools tools = new FakeTools(cmd -> Files.writeString(Path.of(arg(cmd, "-PuniformPipeline.output=")),
                "error=there is no project :ap in this build; Java projects: [:app, :lib]\n"));
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> true, tmp.resolve("h"))
                .plan(context(src, BuilderOptions.builder().gradle(new BuilderOptions.Gradle(":ap", List.of(),
                        List.of(), true)).build(), tools)));
        assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().startsWith("build.gradle.project: there is no project :ap")
                && e.getMessage().contains("[:app, :lib]"), e.getMessage());
    }

    @Test
    void aKotlinDslBuildThatAnOldGradleCannotReadSaysSoAndNamesTheWrapper() throws Exception {
        Path src = project("build.gradle.kts");
        FakeTools tools = new FakeTools(cmd -> Files.writeString(Path.of(arg(cmd, "-PuniformPipeline.output=")),
                "gradle=4.4.1\nerror=project : does not apply the java plugin; Java projects: []\n"));
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> true, tmp.resolve("h"))
                .plan(context(src, BuilderOptions.NONE, tools)));
        assertEquals(BuildException.Reason.TOOL_MISSING, e.reason());
        assertTrue(e.getMessage().contains("Gradle 4.4.1 does not read the Kotlin DSL")
                && e.getMessage().contains("./gradlew"), e.getMessage());
    }

    @Test
    void aProjectPathWithoutTheLeadingColonIsRejectedBeforeRunning() throws Exception {
        Path src = project("build.gradle");
        FakeTools tools = new FakeTools(cmd -> { });
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> true, tmp.resolve("h"))
                .plan(context(src, BuilderOptions.builder().gradle(new BuilderOptions.Gradle("app", List.of(),
                        List.of(), true)).build(), tools)));
        assertTrue(e.getMessage().contains("':app'"), e.getMessage());
        assertTrue(tools.commands.isEmpty());
    }

    @Test
    void aBuildThatDidNotRunTheImageTaskSaysSo() throws Exception {
        Path src = project("build.gradle");
        BuildException e = assertThrows(BuildException.class, () -> new GradleStrategy(name -> true, tmp.resolve("h"))
                .plan(context(src, BuilderOptions.NONE, new FakeTools(cmd -> { }))));
        assertEquals(BuildException.Reason.TOOL_FAILED, e.reason());
        assertTrue(e.getMessage().contains("uniformPipelineImage did not run"), e.getMessage());
    }

    @Test
    void theInitScriptAvoidsApisThatGradle9RemovedAndGuardsNewerOnes() throws Exception {
        String script;
        try (var in = GradleStrategy.class.getResourceAsStream(GradleStrategy.INIT_SCRIPT)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String removed : List.of("convention", "buildDir", "project.exec", "getClassesDir()", ".classesDir ",
                "mainClassName =", "tasks.register", "fileMode")) {
            assertFalse(script.contains(removed), "uses " + removed);
        }
        // newer APIs only behind a check
        assertTrue(script.contains("respondsTo(task, 'notCompatibleWithConfigurationCache'"), script);
        assertTrue(script.contains("respondsTo(archives, 'configureEach'"), script);
        assertTrue(script.contains("app.hasProperty('mainClass')"), script);
        assertTrue(script.contains("'uniformPipeline.output'") && script.contains("'uniformPipeline.project'")
                && script.contains("create('" + GradleStrategy.TASK + "')"), script);
    }

    @Test
    void detectsGroovyAndKotlinBuildsAndSettingsOnly() throws Exception {
        for (String file : List.of("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts")) {
            Path src = Files.createDirectories(tmp.resolve("d-" + file));
            Files.writeString(src.resolve(file), "");
            assertTrue(new GradleStrategy().detect(context(src, BuilderOptions.NONE, new FakeTools(c -> { }))), file);
            assertEquals(file.endsWith(".kts") ? "kotlin" : "groovy", GradleStrategy.dsl(new SourceTree(src,
                    listener)), file);
        }
        Path other = Files.createDirectories(tmp.resolve("d-none"));
        Files.writeString(other.resolve("gradle.properties"), "");
        assertFalse(new GradleStrategy().detect(context(other, BuilderOptions.NONE, new FakeTools(c -> { }))));
    }
}
