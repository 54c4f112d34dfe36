package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.SidecarSpec;
import dev.uniformpipeline.core.spec.v1.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergeAndVariablesTest {
    static final Path DIR = Path.of("src/test/resources/merge");
    static final String SHA = "4f2a9c1e0b7d3a5f6e8c9b0a1d2e3f4a5b6c7d8e";

    private LoadedPipeline loadRealistic() throws InvalidPipelineException {
        return PipelineLoader.builder().workingDir(DIR).file(Path.of("pipeline.yml"))
                .profile("prod")
                .set("targets[staging].service.replicas=3")
                .set("rollout.timeout=20m")
                .environment(Map.of("BUILD_NUMBER", "42"))
                .build().load();
    }

    @Test
    void theDefaultTagIsTheCommitShaOnceResolved(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pipeline.yml"), """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: orders
                source: { git: "." }
                image: { registry: "127.0.0.1:5000", repository: team/orders }
                service: { port: 8080 }
                targets:
                  - { name: dev, type: eks, region: eu-west-1, cluster: dev }
                """);
        LoadedPipeline loaded = PipelineLoader.builder().workingDir(dir).file(Path.of("pipeline.yml")).build().load();
        assertEquals(List.of("${git.sha}"), loaded.spec().image().tags());
        assertEquals(List.of(SHA), loaded.resolve(new GitInfo(SHA, "main", null)).spec().image().tags());
    }

    @Test
    void anEmptyImageEcrSectionBindsToTheDefaultsUsedWhenTheSectionIsLeftOut(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pipeline.yml"), """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: orders
                source: { git: "." }
                image: { registry: ecr, repository: team/orders, ecr: {} }
                service: { port: 8080 }
                targets:
                  - { name: dev, type: eks, region: eu-west-1, cluster: dev }
                """);
        LoadedPipeline loaded = PipelineLoader.builder().workingDir(dir).file(Path.of("pipeline.yml")).build().load();
        assertEquals(dev.uniformpipeline.core.spec.v1.EcrSpec.DEFAULTS, loaded.spec().image().ecr());
    }

    @Test
    void extendsChainProfileSetAndVariablesProduceTheMergedResolvedPipeline() throws Exception {
        LoadedPipeline loaded = loadRealistic();
        assertEquals(List.of("pipeline.yml", "templates/java-service.yaml", "templates/base.yaml"), loaded.files());
        PipelineSpec s = loaded.spec();
        // lists replace: the app's platforms win over the base's two
        assertEquals(List.of("linux/arm64"), s.build().platforms());
        // scalars from the nearest file win, maps merge
        assertEquals("eclipse-temurin:21-jre", s.build().baseImage());
        assertEquals(500, s.service().cpu().millicores());
        assertEquals(1024, s.service().memory().mebibytes());
        assertEquals(Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75", "SPRING_PROFILES_ACTIVE", "default"),
                s.service().env());
        // named lists merge by name: sidecar keeps the template's image, takes the app's env
        SidecarSpec otel = s.service().sidecars().get(0);
        assertEquals("public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", otel.image());
        assertEquals(Map.of("OTEL_LEVEL", "debug"), otel.env());
        assertEquals(128, otel.memory().mebibytes());
        // targets merge by name; new names are appended
        assertEquals(List.of("staging", "prod"), s.targets().stream().map(TargetSpec::name).toList());
        TargetSpec staging = s.targets().get(0);
        assertEquals("fargate", staging.type().yaml());
        // profile prod: replicas and autoscaling; --set wins over the target's own override
        assertEquals(3, staging.service().replicas());
        assertEquals(3, s.targets().get(1).service().replicas());
        assertEquals(12, s.targets().get(1).service().autoscaling().max());
        assertEquals(Duration.ofMinutes(20), s.rollout().timeout());
        // env variables are substituted at load, git ones are kept for later
        assertEquals(List.of("${git.sha}", "build-42"), s.image().tags());
        // origins: template lines, app lines and --set
        assertEquals(new Origin("templates/java-service.yaml", 7, 11), loaded.origin("service.memory").orElseThrow());
        assertEquals(new Origin("pipeline.yml", 9, 8), loaded.origin("service.cpu").orElseThrow());
        assertEquals("--set rollout.timeout=20m", loaded.origin("rollout.timeout").orElseThrow().file());

        ResolvedPipeline r = loaded.resolve(new GitInfo(SHA, "main", null));
        assertEquals(List.of(SHA, "build-42"), r.spec().image().tags());
        assertEquals("/uniform/staging", r.target("staging").service().logging().group());
        assertEquals("/uniform/prod", r.target("prod").service().logging().group());
        assertEquals("orders", r.target("prod").serviceName());
        String yaml = r.dump();
        System.out.println(yaml);
        assertTrue(yaml.contains("group: /uniform/prod"), yaml);
        assertTrue(yaml.contains("- " + SHA), yaml);
    }

    @Test
    void aProblemInAMergedValuePointsAtTheTemplateThatWroteIt() {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () ->
                PipelineLoader.builder().workingDir(DIR).file(Path.of("pipeline.yml"))
                        .set("service.cpu=1").build().load());
        // cpu 1 (--set) does not pair with memory 1GiB, which templates/java-service.yaml line 7 wrote
        assertEquals(2, e.problems().size(), e.getMessage());
        for (Problem p : e.problems()) {
            assertEquals("templates/java-service.yaml", p.file());
            assertEquals(7, p.line());
            assertTrue(p.message().startsWith("Fargate cpu 1 (1024 units) does not allow memory 1GiB"), p.message());
            assertTrue(p.hint().contains("use memory 2GiB to 8GiB in 1GiB steps; memory 1GiB needs cpu 0.25"), p.hint());
        }
    }

    @Test
    void fargateSizeErrorNamesTheSetOverride() {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () ->
                PipelineLoader.builder().workingDir(DIR).file(Path.of("pipeline.yml"))
                        .set("service.memory=6GiB").build().load());
        Problem p = e.problems().get(0);
        assertEquals("--set service.memory=6GiB", p.file());
        assertTrue(p.message().startsWith("Fargate cpu 0.5 (512 units) does not allow memory 6GiB"), p.message());
        assertTrue(p.hint().contains("1GiB to 4GiB in 1GiB steps"), p.hint());
    }

    @Test
    void extendsCycleNamesTheChain(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "extends: b.yaml\nservice: {replicas: 2}\n");
        Files.writeString(dir.resolve("b.yaml"), "extends: a.yaml\nservice: {cpu: 0.5}\n");
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () ->
                PipelineLoader.builder().workingDir(dir).file(Path.of("a.yaml")).build().load());
        assertEquals(1, e.problems().size());
        assertEquals("b.yaml:1:10: extends: extends cycle: a.yaml -> b.yaml -> a.yaml (remove one of the extends so"
                + " the chain ends in a template without extends)", e.problems().get(0).format());
    }

    @Test
    void nullInAnOverlayRemovesTheInheritedKey() throws Exception {
        LoadedPipeline p = PipelineLoader.builder().workingDir(DIR).file(Path.of("pipeline.yml"))
                .set("service.healthCheck=").build().load();
        assertNull(p.spec().service().healthCheck());
    }

    @Test
    void gitBranchAndTagAreErrorsWhenTheCheckoutHasNone() throws Exception {
        LoadedPipeline p = PipelineLoader.builder().content("inline.yml", """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: web
                image: {registry: "localhost:5000", repository: web, tags: ["${git.branch}", "${git.tag}"]}
                service: {port: 80}
                targets: [{name: k8s, type: eks, region: us-east-1, cluster: c1}]
                """).build().load();
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> p.resolve(new GitInfo(SHA, null, null)));
        assertEquals(2, e.problems().size());
        assertEquals("inline.yml:4:61: image.tags[0]: '${git.branch}' has no value: HEAD is detached (no branch)"
                + " (use ${git.sha} or ${git.shortSha}, which always exist, or give a default: ${git.branch:-dev})",
                e.problems().get(0).format());
        ResolvedPipeline ok = p.resolve(new GitInfo(SHA, "main", "v1.2.0"));
        assertEquals(List.of("main", "v1.2.0"), ok.spec().image().tags());
    }

    @Test
    void setValuesAreLiteralUnlessTheyAreFlowCollections() throws Exception {
        LoadedPipeline p = PipelineLoader.builder().workingDir(DIR).file(Path.of("pipeline.yml"))
                .set("service.env.GREETING=hello: world # not a comment")
                .set("build.platforms=[linux/amd64, linux/arm64]")
                .set("service.replicas=5")
                .build().load();
        assertEquals("hello: world # not a comment", p.spec().service().env().get("GREETING"));
        assertEquals(List.of("linux/amd64", "linux/arm64"), p.spec().build().platforms());
        assertEquals(5, p.spec().service().replicas());
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> PipelineLoader.builder()
                .workingDir(DIR).file(Path.of("pipeline.yml")).set("build.platforms=[linux/amd64").build().load());
        assertEquals("--set build.platforms=[linux/amd64: build.platforms: '[linux/amd64' is not a valid YAML list or"
                + " map (write e.g. [a, b] or {k: v}, or quote the whole expression in the shell)",
                e.problems().get(0).format());
    }

    @Test
    void gitBranchAndTagMayHaveADefault() throws Exception {
        LoadedPipeline p = PipelineLoader.builder().content("inline.yml", """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: web
                image: {registry: "localhost:5000", repository: web, tags: ["${git.tag:-untagged}", "${git.sha}"]}
                service: {port: 80}
                targets: [{name: k8s, type: eks, region: us-east-1, cluster: c1}]
                """).build().load();
        assertEquals(List.of("untagged", SHA), p.resolve(new GitInfo(SHA, "main", null)).spec().image().tags());
        assertEquals(List.of("v2.0.0", SHA), p.resolve(new GitInfo(SHA, "main", "v2.0.0")).spec().image().tags());
    }

    @Test
    void dollarDollarWritesALiteralVariable() throws Exception {
        LoadedPipeline p = PipelineLoader.builder().content("inline.yml", """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: web
                image: {registry: "localhost:5000", repository: web}
                service: {port: 80, env: {TEMPLATE: "$${HOME}/x"}}
                targets: [{name: k8s, type: eks, region: us-east-1, cluster: c1}]
                """).build().load();
        assertEquals("${HOME}/x", p.resolve(new GitInfo(SHA, "main", null)).target("k8s").service().env().get("TEMPLATE"));
    }
}
