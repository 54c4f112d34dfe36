package dev.uniformpipeline.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer;

/**
 * Golden files: the exact documents {@code pipeline render} prints for the design guide's "orders" service on
 * one target of each type, under {@code src/test/resources/render/<target>/}.
 *
 * <p>After an intended change to the renderers, regenerate and review the diff:
 * <pre>./mvnw -B -pl pipeline-core -am test -Dtest=RenderGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Drender.updateGoldens=true
 * git diff pipeline-core/src/test/resources/render</pre>
 */
class RenderGoldenTest {
    static final Path GOLDEN = Paths.get("src/test/resources/render");
    static final boolean UPDATE = Boolean.getBoolean("render.updateGoldens");

    static Stream<DeployTarget> targets() {
        return Stream.of(
                Fixtures.fargate(),
                Fixtures.ecsEc2().toBuilder().loadBalancer(LoadBalancer.rule(
                        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/prod-web/50dc6c495c0c9188/f2f7dc8efc522ab2",
                        "/orders/*", "vpc-0abc1234")).build(),
                Fixtures.eks());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void renderingMatchesTheGoldenFiles(DeployTarget target) throws Exception {
        RenderedTarget rendered = Renderer.standard().render(Fixtures.input(target));
        Path dir = GOLDEN.resolve(target.name());
        if (UPDATE) {
            write(dir, rendered.documents());
        }
        if (!Files.isDirectory(dir)) {
            fail("no golden files in " + dir.toAbsolutePath() + "; generate them with -Drender.updateGoldens=true");
        }
        TreeSet<String> expectedNames = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(p -> expectedNames.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        assertEquals(expectedNames, new TreeSet<>(rendered.documents().keySet()), "documents rendered for " + target.name());
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, String> e : rendered.documents().entrySet()) {
            String golden = Files.readString(dir.resolve(e.getKey()), StandardCharsets.UTF_8);
            if (!golden.equals(e.getValue())) {
                differing.add(e.getKey());
            }
        }
        if (!differing.isEmpty()) {
            String first = differing.get(0);
            assertEquals(Files.readString(dir.resolve(first)), rendered.document(first),
                    "golden files differ for " + target.name() + ": " + differing
                            + " (if intended: rerun with -Drender.updateGoldens=true and review git diff)");
        }
    }

    @Test
    void renderingIsDeterministic() throws Exception {
        for (DeployTarget t : targets().toList()) {
            assertEquals(Renderer.standard().render(Fixtures.input(t)).documents(),
                    Renderer.standard().render(Fixtures.input(t)).documents());
        }
    }

    private static void write(Path dir, Map<String, String> docs) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> e : docs.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
        }
    }
}
