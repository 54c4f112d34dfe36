package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maven builder runs the project's real wrapper: incremental behaviour (no Maven run when nothing changed, the
 * classpath reused when no pom changed, one changed layer for a one-line change) and the {@code build.maven} options
 * (module of a multi-module build, profiles). Images are built on {@code scratch}: only their layers are inspected.
 */
class MavenBuilderIT {
    static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final BuildListener listener = new BuildListener() {
        @Override
        public void step(String message) {
            events.add(message);
        }
    };

    static void wrapper(Path dir) throws Exception {
        Files.copy(REPO_ROOT.resolve("mvnw"), dir.resolve("mvnw"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(dir.resolve(".mvn/wrapper"));
        Files.copy(REPO_ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"),
                dir.resolve(".mvn/wrapper/maven-wrapper.properties"));
    }

    static String pom(String artifactId, String packaging, String extra) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId><artifactId>%s</artifactId><version>1.0</version><packaging>%s</packaging>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
                  </properties>
                  <build><plugins>
                    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                    <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                    <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                  </plugins></build>
                  %s
                </project>
                """.formatted(artifactId, packaging, extra);
    }

    static final String SLF4J = "<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId>"
            + "<version>2.0.17</version></dependency>";

    private Path singleModuleApp() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("app"));
        wrapper(src);
        Files.writeString(src.resolve("pom.xml"), pom("app", "jar", "<dependencies>" + SLF4J + "</dependencies>"));
        Files.createDirectories(src.resolve("src/main/java/demo"));
        Files.createDirectories(src.resolve("src/main/resources"));
        Files.writeString(src.resolve("src/main/resources/app.properties"), "greeting=hello\n");
        Files.writeString(src.resolve("src/main/java/demo/Main.java"), """
                package demo;
                public class Main {
                    public static void main(String[] args) {
                        System.out.println("version one " + org.slf4j.LoggerFactory.class.getSimpleName());
                    }
                }
                """);
        return src;
    }

    private BuiltImage build(Path src, Path cache, int n, BuilderOptions options) throws Exception {
        events.clear();
        BuildRequest request = BuildRequest.builder(src, tmp.resolve("work" + n)).baseImage("scratch")
                .cacheDir(cache).options(options).build();
        PreparedImage prepared = new ImageBuilder(new LocalBaseImages(tmp.resolve("bases")), BaseImageResolver.NONE,
                listener).prepare(request);
        return prepared.toTar(tmp.resolve("image" + n + ".tar"), "example.org/app:" + n);
    }

    private static Map<String, String> layerDigests(BuiltImage image) throws Exception {
        OciTar oci = new OciTar(image.tar());
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        List<JsonNode> layers = new ArrayList<>();
        oci.manifest.path("layers").forEach(layers::add);
        assertEquals(image.layers().size(), layers.size(), "one manifest layer per named layer on scratch");
        for (int i = 0; i < layers.size(); i++) {
            byName.put(image.layers().get(i), layers.get(i).path("digest").asText());
        }
        return byName;
    }

    private List<String> mavenRuns() {
        return events.stream().filter(e -> e.startsWith("running ") && e.contains("mvnw")).toList();
    }

    @Test
    void aRebuildWithoutChangesSkipsMavenAndAOneLineChangeChangesOnlyTheClassesLayer() throws Exception {
        Path src = singleModuleApp();
        Path cache = tmp.resolve("cache");

        BuiltImage first = build(src, cache, 1, BuilderOptions.NONE);
        assertEquals(1, mavenRuns().size(), events.toString());
        assertTrue(mavenRuns().get(0).contains(" compile ") && mavenRuns().get(0).contains("-Duniform.classpath.file=")
                && mavenRuns().get(0).contains("-Dmaven.ext.class.path=")
                && !mavenRuns().get(0).contains(":build-classpath"),
                "one Maven run: compile plus the runtime classpath (our extension, not the dependency plugin), no package: " + mavenRuns());
        assertEquals(List.of("dependencies", "resources", "classes"), first.layers());
        OciTar oci = new OciTar(first.tar());
        assertTrue(oci.allEntries().containsKey("app/libs/slf4j-api-2.0.17.jar"), "dependency jar from ~/.m2");
        assertFalse(Files.exists(src.resolve("target/app-1.0.jar")), "no jar is packaged for a single module");

        BuiltImage second = build(src, cache, 2, BuilderOptions.NONE);
        assertEquals(List.of(), mavenRuns(), "nothing changed: Maven is not run");
        assertTrue(events.stream().anyMatch(e -> e.contains("up to date")), events.toString());
        assertEquals(first.digest(), second.digest(), "same inputs, same digest");
        assertTrue(Files.isDirectory(cache.resolve("jib-app-cache")), "jib's layer cache lives in the cache folder");
        assertTrue(Files.list(cache.resolve("image-digests")).findAny().isPresent(), "the digest is recorded");

        Path main = src.resolve("src/main/java/demo/Main.java");
        Files.writeString(main, Files.readString(main).replace("version one", "version two"));
        BuiltImage third = build(src, cache, 3, BuilderOptions.NONE);
        assertEquals(1, mavenRuns().size(), events.toString());
        assertFalse(mavenRuns().get(0).contains("-Duniform.classpath.file="),
                "no pom changed: classpath reused: " + mavenRuns());
        Map<String, String> before = layerDigests(first);
        Map<String, String> after = layerDigests(third);
        assertEquals(before.get("dependencies"), after.get("dependencies"));
        assertEquals(before.get("resources"), after.get("resources"));
        assertFalse(before.get("classes").equals(after.get("classes")), "the classes layer changed");
        assertFalse(first.digest().equals(third.digest()));

        Files.writeString(src.resolve("pom.xml"), Files.readString(src.resolve("pom.xml"))
                .replace("<properties>", "<properties><unused.property>1</unused.property>"));
        build(src, cache, 4, BuilderOptions.NONE);
        assertEquals(1, mavenRuns().size(), events.toString());
        assertTrue(mavenRuns().get(0).contains("-Duniform.classpath.file="), "a pom changed: classpath resolved again");

        deleteTree(src.resolve("target"));
        build(src, cache, 5, BuilderOptions.NONE);
        assertEquals(1, mavenRuns().size(), "target/ deleted: Maven runs again: " + events);
    }

    @Test
    void whenTheClasspathExtensionDoesNotLoadTheDependencyPluginWritesTheClasspath() throws Exception {
        Path src = singleModuleApp();
        // a Maven that does not load our extension: the wrapper drops -Dmaven.ext.class.path before running Maven
        wrapper(Files.createDirectories(src.resolve("real")));
        Files.writeString(src.resolve("mvnw"), """
                #!/bin/sh
                real="$(dirname "$0")/real/mvnw"
                for a in "$@"; do shift; case "$a" in -Dmaven.ext.class.path=*) ;; *) set -- "$@" "$a" ;; esac; done
                exec "$real" "$@"
                """);
        src.resolve("mvnw").toFile().setExecutable(true);

        BuiltImage image = build(src, null, 1, BuilderOptions.NONE);
        assertEquals(2, mavenRuns().size(), events.toString());
        assertTrue(mavenRuns().get(0).contains("-Dmaven.ext.class.path="), mavenRuns().get(0));
        assertTrue(mavenRuns().get(1).contains(":build-classpath"), "the fallback: " + mavenRuns().get(1));
        assertTrue(new OciTar(image.tar()).allEntries().containsKey("app/libs/slf4j-api-2.0.17.jar"),
                "the classpath the plugin wrote is the image's");
    }

    @Test
    void aModuleOfAMultiModuleBuildIsBuiltWithItsSiblingAsAProjectJarAndTheProfilesAsked() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("multi"));
        wrapper(root);
        Files.writeString(root.resolve("pom.xml"), pom("parent", "pom", "<modules><module>lib</module>"
                + "<module>services/app</module></modules>"));
        Files.createDirectories(root.resolve("lib/src/main/java/demo/lib"));
        Files.writeString(root.resolve("lib/pom.xml"), pom("lib", "jar", ""));
        Files.writeString(root.resolve("lib/src/main/java/demo/lib/Greeter.java"),
                "package demo.lib;\npublic class Greeter { public static String hi() { return \"hi\"; } }\n");
        Files.createDirectories(root.resolve("services/app/src/main/java/demo"));
        Files.writeString(root.resolve("services/app/pom.xml"), pom("app", "jar",
                "<dependencies><dependency><groupId>demo</groupId><artifactId>lib</artifactId><version>1.0</version>"
                        + "</dependency></dependencies><profiles><profile><id>logging</id><dependencies>" + SLF4J
                        + "</dependencies></profile></profiles>"));
        Files.writeString(root.resolve("services/app/src/main/java/demo/Main.java"),
                "package demo;\npublic class Main { public static void main(String[] a) {"
                        + " System.out.println(demo.lib.Greeter.hi()); } }\n");

        BuilderOptions options = BuilderOptions.builder().maven(new BuilderOptions.Maven("services/app", List.of(),
                List.of("logging"), List.of("-Dmaven.install.skip=true"), true)).build();
        BuiltImage image = build(root, tmp.resolve("cache"), 1, options);
        String run = mavenRuns().get(0);
        assertTrue(run.contains("-pl services/app -am") && run.contains("-Plogging") && run.contains(" package ")
                && run.contains("-Duniform.classpath.file=") && run.contains(" -Dmaven.install.skip=true in "), run);
        assertEquals(List.of("dependencies", "project-dependencies", "classes"), image.layers());
        OciTar oci = new OciTar(image.tar());
        assertTrue(oci.allEntries().containsKey("app/libs/lib-1.0.jar"), "the sibling module's jar");
        assertTrue(oci.allEntries().containsKey("app/libs/slf4j-api-2.0.17.jar"), "the profile's dependency");
        assertTrue(oci.allEntries().containsKey("app/classes/demo/Main.class"));
        assertFalse(oci.allEntries().containsKey("app/classes/demo/lib/Greeter.class"), "lib is a jar, not classes");

        BuilderOptions noProfile = BuilderOptions.builder().maven(new BuilderOptions.Maven("services/app", List.of(),
                List.of(), List.of(), true)).build();
        BuiltImage plain = build(root, tmp.resolve("cache"), 2, noProfile);
        assertFalse(new OciTar(plain.tar()).allEntries().containsKey("app/libs/slf4j-api-2.0.17.jar"),
                "without the profile, no slf4j");
    }

    @Test
    void aModuleFolderWithoutPomIsRefusedNamingTheOption() throws Exception {
        Path src = singleModuleApp();
        BuilderOptions options = BuilderOptions.builder().maven(new BuilderOptions.Maven("services/missing",
                List.of(), List.of(), List.of(), true)).build();
        BuildException e = assertThrows(BuildException.class, () -> build(src, null, 1, options));
        assertEquals(BuildException.Reason.INVALID_REQUEST, e.reason());
        assertTrue(e.getMessage().startsWith("build.maven.module: 'services/missing' has no pom.xml"), e.getMessage());
        assertEquals(List.of(), mavenRuns());
    }

    static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
