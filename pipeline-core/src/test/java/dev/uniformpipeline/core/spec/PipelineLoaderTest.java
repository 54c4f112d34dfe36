package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.TargetType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PipelineLoaderTest {
    static final Path DIR = Path.of("src/test/resources/spec");

    @Test
    void loadsTheDesignSketchWithEffectivePerTargetServices() throws Exception {
        LoadedPipeline p = PipelineLoader.builder().workingDir(DIR).file(Path.of("basic.yml"))
                .environment(Map.of("BUILD_NUMBER", "42")).build().load();
        PipelineSpec s = p.spec();
        assertEquals("orders", s.name());
        assertEquals(3, s.targets().size());
        assertEquals(TargetType.FARGATE, s.targets().get(0).type());
        assertEquals(2, s.targets().get(0).service().replicas());
        assertEquals(4, s.targets().get(1).service().replicas());
        assertEquals(1024, s.service().memory().mebibytes());
        assertEquals(512, s.service().cpu().ecsUnits());
        assertEquals("build-42", s.image().tags().get(1));
        ResolvedPipeline r = p.resolve(new GitInfo("0123456789abcdef0123456789abcdef01234567", "main", null));
        assertEquals("0123456789abcdef0123456789abcdef01234567", r.spec().image().tags().get(0));
        assertEquals("/uniform/orders/prod-eks", r.target("prod-eks").service().logging().group());
        System.out.println(r.dump());
    }

    @Test
    void imageMountFromIsLoadedAndABadRepositoryNameIsReportedWithItsPath() throws Exception {
        LoadedPipeline p = PipelineLoader.builder().workingDir(DIR).file(Path.of("basic.yml"))
                .set("image.mountFrom=[team/base, shared/jre]")
                .environment(Map.of("BUILD_NUMBER", "42")).build().load();
        assertEquals(java.util.List.of("team/base", "shared/jre"), p.spec().image().mountFrom());
        InvalidPipelineException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidPipelineException.class,
                () -> PipelineLoader.builder().workingDir(DIR).file(Path.of("basic.yml"))
                        .set("image.mountFrom=[Team_Base]").environment(Map.of("BUILD_NUMBER", "42")).build().load());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("image.mountFrom[0]"), e.getMessage());
    }
}
