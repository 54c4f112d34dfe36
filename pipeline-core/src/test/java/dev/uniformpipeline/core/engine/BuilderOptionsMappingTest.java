package dev.uniformpipeline.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uniformpipeline.core.build.BuilderOptions;
import dev.uniformpipeline.core.spec.PipelineLoader;
import dev.uniformpipeline.core.spec.v1.BuildSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline file's per-builder option blocks reach the build as {@link BuilderOptions}. */
class BuilderOptionsMappingTest {
    @TempDir
    Path dir;

    private BuildSpec build(String buildYaml) throws Exception {
        Files.writeString(dir.resolve("pipeline.yml"), """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: app
                %s
                image: { registry: registry.example.org, repository: app, tags: ["${git.sha}"] }
                service: { port: 8080, replicas: 1, cpu: 0.25, memory: 256MiB }
                targets:
                  - { name: dev, type: eks, region: eu-west-1, cluster: dev, namespace: app }
                """.formatted(buildYaml));
        return PipelineLoader.builder().file(dir.resolve("pipeline.yml")).build().load().spec().build();
    }

    @Test
    void everyWiredOptionIsCarriedOver() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("""
                build:
                  jar: { path: target/app.jar, jvmFlags: ["-Xss512k"] }
                  node: { start: dist/server.js }
                  python: { module: svc }
                  go: { main: cmd/server, ldflags: ["-X", "main.v=1"] }
                  static: { dir: site }
                """));
        assertEquals(BuilderOptions.builder().jarPath("target/app.jar").jvmFlags(List.of("-Xss512k"))
                .nodeStart("dist/server.js").pythonModule("svc").goMain("cmd/server")
                .goLdflags(List.of("-X", "main.v=1")).staticDir("site")
                .python(new BuilderOptions.Python("requirements.txt", List.of(), List.of())).build(), o);
    }

    @Test
    void goTagsAndEnvReachTheGoBuilderBesideMainAndLdflags() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("""
                build:
                  go: { main: ./cmd/server, ldflags: ["-X", "main.v=1"], tags: [premium, netgo], env: { GOAMD64: v2, GOPRIVATE: example.org } }
                """));
        assertEquals(new BuilderOptions.Go("./cmd/server", List.of("-X", "main.v=1"), List.of("premium", "netgo"),
                java.util.Map.of("GOAMD64", "v2", "GOPRIVATE", "example.org")), o.go());
    }

    @Test
    void cgoIsAcceptedWithABaseImageThatHasALibc() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("""
                build:
                  baseImage: debian:12-slim
                  go: { env: { CGO_ENABLED: "1" } }
                """));
        assertEquals(java.util.Map.of("CGO_ENABLED", "1"), o.go().env());
    }

    @Test
    void gradleNodeAndPythonOptionsAreCarriedOver() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("""
                build:
                  gradle: { project: ":app", tasks: [check], args: ["--offline"], useWrapper: false }
                  node: { script: serve, buildScript: build, install: ci, production: false, packageManager: npm }
                  python: { requirements: req/prod.txt, extras: [postgres], pipArgs: ["--index-url", "http://x/simple"] }
                """));
        assertEquals(new BuilderOptions.Gradle(":app", List.of("check"), List.of("--offline"), false), o.gradle());
        assertEquals(new BuilderOptions.Node("serve", "build", "ci", false, "npm"), o.node());
        assertEquals(new BuilderOptions.Python("req/prod.txt", List.of("postgres"),
                List.of("--index-url", "http://x/simple")), o.python());
    }

    @Test
    void gradleBlockDefaultsUseTheWrapperAndNoExtraTasks() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("build: { builder: gradle, gradle: { project: \":app\" } }"));
        assertEquals(new BuilderOptions.Gradle(":app", List.of(), List.of(), true), o.gradle());
    }

    @Test
    void theMavenBlockReachesTheMavenBuilderWithItsJvmFlags() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("""
                build:
                  builder: maven
                  maven:
                    module: services/orders
                    goals: [verify]
                    profiles: [prod, metrics]
                    skipTests: false
                    args: ["-T", "2"]
                    jvmFlags: ["-XX:MaxRAMPercentage=75"]
                """));
        assertEquals(new BuilderOptions.Maven("services/orders", List.of("verify"), List.of("prod", "metrics"),
                List.of("-T", "2"), false), o.maven());
        assertEquals(List.of("-XX:MaxRAMPercentage=75"), o.jvmFlags());
    }

    @Test
    void anEmptyMavenBlockKeepsTheDefaultsWithTestsSkipped() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("build: { builder: maven, maven: {} }"));
        assertEquals(BuilderOptions.Maven.DEFAULT, o.maven());
        assertEquals(true, o.maven().skipTests());
    }

    @Test
    void noOptionBlocksMeanTheBuildersDefaults() throws Exception {
        BuilderOptions o = ImageStageWorks.builderOptions(build("build: { builder: auto }"));
        assertEquals(BuilderOptions.NONE, o);
    }
}
