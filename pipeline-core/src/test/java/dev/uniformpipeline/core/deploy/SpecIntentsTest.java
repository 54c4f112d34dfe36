package dev.uniformpipeline.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.LoadedPipeline;
import dev.uniformpipeline.core.spec.PipelineLoader;

/** From a real pipeline file, through the spec loader, to renderings. */
class SpecIntentsTest {
    static final Path DIR = Path.of("src/test/resources/render-input");
    static final GitInfo GIT = new GitInfo(Fixtures.REVISION, "main", null);

    private static LoadedPipeline load(String file) throws Exception {
        return PipelineLoader.builder().workingDir(DIR).file(Path.of(file)).build().load();
    }

    @Test
    void aPipelineFileRendersTheSameInvariantsOnEveryTargetType() throws Exception {
        LoadedPipeline loaded = load("orders.yml");
        List<RenderedTarget> out = Renderer.standard().render(loaded.resolve(GIT), Fixtures.IMAGE, GIT.sha(), "orders.yml",
                loaded::origin);
        assertEquals(List.of("staging", "prod-ec2", "prod-eks"), out.stream().map(RenderedTarget::target).toList());
        Invariants fargate = Invariants.of(out.get(0));
        assertEquals(fargate, Invariants.of(out.get(1)));
        assertEquals(fargate, Invariants.of(out.get(2)));
        // values from the file
        assertEquals(3, fargate.replicas());
        assertEquals(1, fargate.surgeTasks(), "25% of 3 rounds up to 1 on every target");
        assertEquals("20", fargate.deregistrationDelay());
        assertEquals(500, fargate.cpuMillis());
        assertEquals("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:username::", fargate.secrets().get("DB_USER"));
        assertTrue(out.get(0).document("elbv2/create-target-group.json").contains(
                "{{elbv2:Listener/arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2.vpcId}}"));
    }

    @Test
    void whatCannotBeRenderedEverywhereIsAProblemWithFileAndLine() throws Exception {
        LoadedPipeline loaded = load("unsupported.yml");
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> Renderer.standard()
                .render(loaded.resolve(GIT), Fixtures.IMAGE, GIT.sha(), "unsupported.yml", loaded::origin));
        Problem driver = e.problems().stream().filter(p -> p.path().endsWith("logging.driver")).findFirst().orElseThrow(
                () -> new AssertionError(e.problems().toString()));
        assertTrue(driver.file().endsWith("unsupported.yml"), driver.format());
        assertEquals(10, driver.line(), driver.format());
        Problem cpu = e.problems().stream().filter(p -> p.path().endsWith("service.cpu")).findFirst().orElseThrow(
                () -> new AssertionError(e.problems().toString()));
        assertEquals(7, cpu.line(), cpu.format());
        assertTrue(cpu.hint().contains("0.125"), cpu.format());
    }
}
