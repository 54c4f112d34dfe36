package dev.uniformpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands on a real pipeline file, loaded by the real loader. */
class PipelineFileCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ESC = "\u001b[";

    @TempDir
    Path dir;
    String orders;

    @BeforeEach
    void readExample() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/orders-pipeline.yml")) {
            orders = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** Writes the example file as pipeline.yml, runs the CLI in the test directory and checks the exit code. */
    private Cli.Result runOnTheExample(int expectedExit, String... args) throws IOException {
        write("pipeline.yml", orders);
        Cli.Result r = Cli.run(dir, args);
        assertEquals(expectedExit, r.exitCode(), r.toString());
        return r;
    }

    @Test
    void validateOnAValidFileSaysOkAndExits0() throws Exception {
        Cli.Result r = runOnTheExample(0, "validate");

        assertEquals("ok: pipeline.yml: pipeline 'orders', 3 targets: staging (fargate), prod-ec2 (ecs-ec2), "
                + "prod-eks (eks)\n", r.out());
    }

    @Test
    void validateJsonOnAValidFileIsTheDocumentedShape() throws Exception {
        Cli.Result r = runOnTheExample(0, "validate", "--output", "json", "--target", "prod-eks");

        JsonNode json = JSON.readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertTrue(json.get("valid").asBoolean());
        assertEquals("orders", json.get("pipeline").asText());
        assertEquals("pipeline.yml", json.get("pipelineFile").asText());
        assertEquals(1, json.get("targets").size());
        assertEquals("prod-eks", json.get("targets").get(0).get("name").asText());
        assertEquals("eks", json.get("targets").get(0).get("type").asText());
        assertEquals(0, json.get("problems").size());
    }

    @Test
    void validatePrintsEveryProblemWithFileLineAndColumnAndExits2() throws Exception {
        write("pipeline.yml", orders.replace("  replicas: 2", "  replicsa: 2").replace("cpu: 0.5", "cpu: lots"));

        Cli.Result r = Cli.run(dir, "validate");

        assertEquals(2, r.exitCode(), r.toString());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertTrue(errors.size() >= 2, r.toString());
        Pattern located = Pattern.compile("error: pipeline\\.yml:\\d+:\\d+: .+");
        assertTrue(errors.stream().allMatch(l -> located.matcher(l).matches()), r.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("service.replicsa") && l.contains("'replicas'")),
                r.toString());
        assertTrue(errors.stream().anyMatch(l -> l.contains("service.cpu")), r.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("pipeline\\.yml: \\d+ problems")), r.toString());
    }

    @Test
    void validateJsonListsTheProblemsWithTheirLocation() throws Exception {
        write("pipeline.yml", orders.replace("  replicas: 2", "  replicsa: 2"));

        Cli.Result r = Cli.run(dir, "--output", "json", "validate");

        assertEquals(2, r.exitCode(), r.toString());
        JsonNode json = JSON.readTree(r.out());
        assertFalse(json.get("valid").asBoolean());
        JsonNode first = json.get("problems").get(0);
        assertEquals("pipeline.yml", first.get("file").asText());
        assertTrue(first.get("line").asInt() > 0, r.out());
        assertTrue(first.get("column").asInt() > 0, r.out());
        assertTrue(first.get("path").asText().endsWith("replicsa"), r.out());
    }

    @Test
    void theDefaultFileIsPipelineYmlThenDotUniform() throws Exception {
        write(".uniform/pipeline.yml", orders.replace("name: orders", "name: from-dot-uniform"));
        Cli.Result onlyDotUniform = Cli.run(dir, "validate", "--output", "json");
        assertEquals(0, onlyDotUniform.exitCode(), onlyDotUniform.toString());
        JsonNode json = JSON.readTree(onlyDotUniform.out());
        assertEquals(".uniform/pipeline.yml", json.get("pipelineFile").asText());
        assertEquals("from-dot-uniform", json.get("pipeline").asText());

        write("pipeline.yml", orders.replace("name: orders", "name: from-root"));
        Cli.Result both = Cli.run(dir, "validate", "--output", "json");
        JsonNode json2 = JSON.readTree(both.out());
        assertEquals("pipeline.yml", json2.get("pipelineFile").asText());
        assertEquals("from-root", json2.get("pipeline").asText());
    }

    @Test
    void dashFIsRelativeToTheCurrentDirectory() throws Exception {
        write("deploy/orders.yml", orders);

        Cli.Result r = Cli.run(dir, "validate", "-f", "deploy/orders.yml");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("ok: deploy/orders.yml: pipeline 'orders'"), r.toString());
    }

    @Test
    void anUnknownTargetIsInvalidInputListingTheKnownOnes() throws Exception {
        Cli.Result r = runOnTheExample(2, "run", "--target", "prod");

        assertEquals("error: --target: unknown target 'prod' (known targets: staging, prod-ec2, prod-eks)\n",
                r.err());
    }

    @Test
    void anUnknownProfileIsInvalidInput() throws Exception {
        Cli.Result r = runOnTheExample(2, "validate", "--env", "qa");

        assertTrue(r.err().contains("profile 'qa' is not defined"), r.toString());
    }

    @Test
    void setOverridesAValueOfTheFile() throws Exception {
        Cli.Result r = runOnTheExample(0, "validate", "--set", "name=payments");

        assertTrue(r.out().contains("pipeline 'payments'"), r.toString());
    }

    @Test
    void runJsonIsAParsableReportSayingWhereAndWhyItFailed() throws Exception {
        // the checkout is real: the test directory is not a git working tree, so the run fails at checkout;
        // that is an input problem (source.git), so the exit code is 2
        Cli.Result r = runOnTheExample(2, "run", "--output", "json", "--target", "staging", "--target", "prod-eks");

        RunReport report = RunReport.parse(r.out());
        assertEquals(dev.uniformpipeline.core.api.PipelineException.Kind.INVALID_INPUT,
                report.failure().orElseThrow().kind());
        assertEquals(RunReport.RunStatus.FAILED, report.status());
        assertEquals(Stage.CHECKOUT, report.failure().orElseThrow().stage());
        assertTrue(report.failure().orElseThrow().message().contains("is not inside a git working tree"));
        assertEquals(List.of("staging", "prod-eks"), report.targets().stream().map(RunReport.TargetReport::name).toList());
        JsonNode json = JSON.readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("failed", json.get("status").asText());
        assertEquals(5, json.get("stages").size());
        assertEquals("checkout", json.get("stages").get(0).get("stage").asText());
        assertEquals("failed", json.get("stages").get(0).get("status").asText());
        assertEquals("skipped", json.get("stages").get(1).get("status").asText());
        assertEquals("not_run", json.get("targets").get(0).get("outcome").asText());
        assertTrue(json.get("cancellation").isNull());
        // events went to stderr, not into the JSON
        assertTrue(r.err().contains("[checkout] started"), r.toString());
    }

    @Test
    void runOutsideATerminalPrintsOneTimestampedLinePerEvent() throws Exception {
        Cli.Result r = runOnTheExample(2, "run", "--target", "staging");

        List<String> lines = r.out().lines().toList();
        Pattern event = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z \\[[a-z ]+[a-z0-9-]*\\] .+");
        assertTrue(lines.get(0).contains("[run] started pipeline 'orders', targets: staging"), r.toString());
        assertTrue(lines.stream().filter(l -> !l.startsWith("targets:") && !l.startsWith("  "))
                .allMatch(l -> event.matcher(l).matches()), r.toString());
        assertTrue(r.out().contains("[checkout] failed after"), r.toString());
        assertTrue(r.out().contains("[deploy staging] skipped: not run: checkout did not succeed"), r.toString());
        assertFalse(r.out().contains(ESC), r.toString());
        assertTrue(r.err().startsWith("error: checkout: ") && r.err().contains("is not inside a git working tree"),
                r.toString());
    }

    @Test
    void runOnATerminalRedrawsAStatusLineAndHonoursNoColor() throws Exception {
        write("pipeline.yml", orders);

        Cli.Result colored = Cli.run(dir, Map.of(), true, "run", "--target", "staging");
        assertEquals(2, colored.exitCode(), colored.toString());
        assertTrue(colored.out().contains("\r" + ESC + "K"), "redraws in place: " + colored);
        assertTrue(colored.out().contains(ESC + "31m"), "failure in red: " + colored);

        Cli.Result plain = Cli.run(dir, Map.of("NO_COLOR", "1"), true, "run", "--target", "staging");
        assertEquals(2, plain.exitCode());
        assertFalse(plain.out().matches("(?s).*\u001b\\[[0-9;]*m.*"), "no color codes with NO_COLOR: " + plain);
        assertFalse(plain.err().contains(ESC), plain.toString());
        assertTrue(plain.out().contains("checkout"), plain.toString());
    }

    @Test
    void dryRunIsPassedToTheRun() throws Exception {
        write("pipeline.yml", orders);

        Cli.Result r = Cli.run(dir, "run", "--dry-run", "--output", "json");

        RunReport report = RunReport.parse(r.out());
        assertTrue(report.dryRun());
    }

    @Test
    void planAgainstAnUnreachableAwsEndpointSaysWhichTargetAndHowToFixIt() throws Exception {
        write("pipeline.yml", orders);

        Cli.Result r = Cli.run(dir, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"), false, "plan", "--output", "json");

        assertEquals(3, r.exitCode(), r.toString()); // environment problem
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: cannot reach AWS to read target 'staging'"), r.toString());
        assertTrue(r.err().contains("AWS_ENDPOINT_URL"), r.toString());
    }

    @Test
    void renderJsonHasEveryTargetsDocuments() throws Exception {
        Cli.Result r = runOnTheExample(0, "render", "--output", "json");

        JsonNode json = JSON.readTree(r.out());
        assertEquals("orders", json.get("pipeline").asText());
        assertEquals(3, json.get("targets").size());
        for (JsonNode target : json.get("targets")) {
            assertTrue(target.get("documents").size() > 0, target.toString());
            for (JsonNode doc : target.get("documents")) {
                String type = doc.get("mediaType").asText();
                assertTrue(type.equals("application/json") || type.equals("application/yaml"), doc.toString());
                if (type.equals("application/json")) {
                    JSON.readTree(doc.get("content").asText()); // each JSON document parses
                }
            }
        }
        JsonNode eks = json.get("targets").get(2);
        assertEquals("eks", eks.get("type").asText());
        assertTrue(eks.get("documents").toString().contains("k8s/deployment.yaml"), eks.toString());
    }

    @Test
    void renderTextPrintsEachDocumentUnderAHeaderForTheSelectedTarget() throws Exception {
        Cli.Result r = runOnTheExample(0, "render", "--target", "prod-eks");

        assertTrue(r.out().startsWith("# prod-eks (eks): "), r.toString());
        assertFalse(r.out().contains("# staging"), r.toString());
        assertTrue(r.out().contains("kind: \"Deployment\""), r.toString());
        // not built yet: the digest is the documented placeholder, never a made-up one
        assertTrue(r.out().contains("@sha256:" + "0".repeat(64)), r.toString());
    }
}
