package dev.uniformpipeline.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.LoadedPipeline;
import dev.uniformpipeline.core.spec.PipelineLoader;

/** The example pipelines the project ships (templates/examples) render for every one of their targets. */
class ExamplesRenderTest {
    static final Path EXAMPLES = Path.of("../templates/examples");

    static Stream<Path> examples() throws Exception {
        if (!Files.isDirectory(EXAMPLES)) {
            fail("examples not found at " + EXAMPLES.toAbsolutePath() + " (run from the pipeline-core module directory)");
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            dirs = s.filter(d -> Files.exists(d.resolve("pipeline.yml"))).sorted().toList();
        }
        assertTrue(dirs.size() >= 4, "expected the shipped examples, found " + dirs);
        return dirs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRendersEveryTarget(Path dir) throws Exception {
        LoadedPipeline loaded = PipelineLoader.builder().workingDir(dir).file(Path.of("pipeline.yml")).build().load();
        var resolved = loaded.resolve(new GitInfo(Fixtures.REVISION, "main", null));
        List<RenderedTarget> out;
        try {
            out = Renderer.standard().render(resolved, Fixtures.IMAGE, Fixtures.REVISION, "pipeline.yml", loaded::origin);
        } catch (InvalidPipelineException e) {
            throw new AssertionError(dir + " does not render:\n" + e.getMessage(), e);
        }
        assertEquals(resolved.targets().size(), out.size());
        for (RenderedTarget t : out) {
            String main = t.type() == TargetType.EKS ? "k8s/deployment.yaml" : "ecs/register-task-definition.json";
            assertTrue(t.document(main).contains(Fixtures.IMAGE.reference()), t.target() + " runs the digest");
        }
    }
}
