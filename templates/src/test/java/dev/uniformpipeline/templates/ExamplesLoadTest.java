package dev.uniformpipeline.templates;

import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.LoadedPipeline;
import dev.uniformpipeline.core.spec.PipelineLoader;
import dev.uniformpipeline.core.spec.ResolvedPipeline;
import dev.uniformpipeline.core.spec.ResolvedTarget;
import dev.uniformpipeline.core.spec.v1.TargetType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every example under examples/&lt;name&gt;/pipeline.yml loads, with each of its profiles, and resolves. */
class ExamplesLoadTest {
    static final Path EXAMPLES = Path.of("examples");
    static final GitInfo GIT = new GitInfo("9fceb02d0ae598e95dc970b74767f19372d61af8", "main", null);

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().equals("pipeline.yml")).sorted()
                    .collect(Collectors.toList());
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleLoadsAndResolvesWithEveryProfile(Path file) throws Exception {
        List<String> profiles = new java.util.ArrayList<>(PipelineLoader.builder().file(file).build().load().profiles());
        profiles.add(0, null);
        for (String profile : profiles) {
            LoadedPipeline p = PipelineLoader.builder().file(file).profile(profile).environment(Map.of()).build().load();
            ResolvedPipeline r = p.resolve(GIT);
            assertFalse(r.targets().isEmpty());
            assertTrue(r.spec().image().tags().contains(GIT.sha()) || r.spec().image().tags().contains(GIT.shortSha()),
                    "every example tags the image with the commit");
            for (ResolvedTarget t : r.targets()) {
                assertFalse(t.service().toString().contains("${"), "nothing left unresolved in " + t.name());
            }
        }
    }

    @Test
    void examplesCoverEveryTargetTypeAndOneCoversAllThree() throws Exception {
        Set<TargetType> covered = EnumSet.noneOf(TargetType.class);
        boolean allInOne = false;
        for (Path f : examples().toList()) {
            Set<TargetType> types = PipelineLoader.builder().file(f).build().load().spec().targets().stream()
                    .map(t -> t.type()).collect(Collectors.toCollection(() -> EnumSet.noneOf(TargetType.class)));
            covered.addAll(types);
            allInOne |= types.size() == TargetType.values().length;
        }
        assertEquals(EnumSet.allOf(TargetType.class), covered);
        assertTrue(allInOne, "one example deploys to fargate, ecs-ec2 and eks together");
    }

    @Test
    void multiTargetExampleRendersOneIntentPerTarget() throws Exception {
        ResolvedPipeline r = PipelineLoader.builder().file(EXAMPLES.resolve("multi-target-payments/pipeline.yml"))
                .build().load().resolve(GIT);
        assertEquals(List.of("fargate-eu", "ec2-us", "eks-ap"), r.targets().stream().map(ResolvedTarget::name).toList());
        assertEquals(2, r.target("fargate-eu").service().replicas());
        assertEquals(4, r.target("ec2-us").service().replicas());
        assertEquals(2048, r.target("ec2-us").service().memory().mebibytes());
        assertEquals("arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:payments/db-Xy12Ab",
                r.target("eks-ap").service().secrets().get("DB_PASSWORD").valueFrom());
        assertEquals("/uniform/ec2-us/payments", r.target("ec2-us").service().logging().group());
        // the health gate is the same everywhere
        assertEquals(1, r.targets().stream().map(t -> t.service().healthCheck()).distinct().count());
    }
}
