package dev.uniformpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.api.EnvironmentException;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ESC = "\u001b[";

    @TempDir
    Path dir;

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCode2() {
        Cli.Result r = Cli.run(dir, "validate", "--bogus");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.toString());
        assertTrue(r.err().contains("pipeline validate --help"), r.toString());
    }

    @Test
    void aBadOptionValueIsAUsageErrorWithExitCode2() {
        Cli.Result r = Cli.run(dir, "validate", "--output", "xml");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--output"), r.toString());
    }

    @Test
    void noCommandPrintsTheUsageAndExits2() {
        Cli.Result r = Cli.run(dir);

        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Usage: pipeline"), r.toString());
        assertTrue(r.err().contains("Exit codes:"), r.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "plan", "validate", "render", "version", "local-cloud")) {
            Cli.Result r = Cli.run(dir, command, "--help");
            assertEquals(0, r.exitCode(), command + ": " + r);
            assertTrue(r.out().contains("Usage: pipeline " + command), command + ": " + r);
        }
        Cli.Result r = Cli.run(dir, "local-cloud", "status", "--help");
        assertTrue(r.out().contains("Usage: pipeline local-cloud status"), r.toString());
    }

    @Test
    void runHasDryRunAndTheGlobalOptionsWorkAfterTheCommand() {
        Cli.Result r = Cli.run(dir, "run", "--help");
        for (String option : List.of("--dry-run", "--file", "--target", "--env", "--set", "--output", "--stacktrace",
                "--no-color")) {
            assertTrue(r.out().contains(option), option + " missing: " + r);
        }
    }

    @Test
    void withoutAPipelineFileTheErrorNamesBothDefaultsAndExits2() {
        Cli.Result r = Cli.run(dir, "run");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("error: pipeline.yml: no pipeline file: looked for pipeline.yml and "
                + ".uniform/pipeline.yml in " + dir), r.toString());
        assertTrue(r.err().contains("(create one, or name it with -f FILE)"), r.toString());
    }

    @Test
    void aMissingFileGivenWithDashFIsInvalidInputAlsoBeforeTheCommand() {
        Cli.Result r = Cli.run(dir, "-f", "nope.yml", "plan");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("error: nope.yml: file not found (" + dir.resolve("nope.yml") + ")"), r.toString());
    }

    @Test
    void validateJsonForAMissingFileIsTheDocumentedShape() throws Exception {
        Cli.Result r = Cli.run(dir, "validate", "--output", "json");

        assertEquals(2, r.exitCode(), r.toString());
        JsonNode json = JSON.readTree(r.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertFalse(json.get("valid").asBoolean());
        assertTrue(json.get("pipeline").isNull());
        JsonNode problem = json.get("problems").get(0);
        assertEquals("pipeline.yml", problem.get("file").asText());
        assertEquals(0, problem.get("line").asInt());
        assertTrue(problem.get("message").asText().startsWith("no pipeline file"), r.toString());
        assertEquals("create one, or name it with -f FILE", problem.get("hint").asText());
    }

    @Test
    void colorsOnlyForAPersonAtATerminalAndNeverWithNoColor() {
        Cli.Result terminal = Cli.run(dir, Map.of(), true, "validate");
        assertTrue(terminal.err().contains(ESC + "31m"), "a terminal gets colors: " + terminal);

        Cli.Result noColorEnv = Cli.run(dir, Map.of("NO_COLOR", "1"), true, "validate");
        assertFalse(noColorEnv.err().contains(ESC), noColorEnv.toString());
        assertTrue(noColorEnv.err().contains("error: pipeline.yml"), noColorEnv.toString());

        Cli.Result noColorOption = Cli.run(dir, Map.of(), true, "validate", "--no-color");
        assertFalse(noColorOption.err().contains(ESC), noColorOption.toString());

        Cli.Result pipe = Cli.run(dir, Map.of(), false, "validate");
        assertFalse(pipe.err().contains(ESC), pipe.toString());

        Cli.Result emptyNoColor = Cli.run(dir, Map.of("NO_COLOR", ""), true, "validate");
        assertTrue(emptyNoColor.err().contains(ESC), "NO_COLOR only counts when non-empty: " + emptyNoColor);
    }

    @Test
    void environmentErrorsExit3WithOneLine() {
        TerminalCapture t = new TerminalCapture(dir);
        PipelineCommand command = new PipelineCommand(t.terminal);

        int code = command.failed(new EnvironmentException("no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID"));

        assertEquals(3, code);
        assertEquals("error: no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID\n", t.err());
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndExit3AndTheStackTraceOnlyWithStacktrace() {
        TerminalCapture t = new TerminalCapture(dir);
        PipelineCommand command = new PipelineCommand(t.terminal);

        int code = command.failed(new IllegalStateException("boom"));

        assertEquals(3, code);
        assertEquals("error: unexpected java.lang.IllegalStateException: boom (run with --stacktrace for details)\n",
                t.err());

        TerminalCapture t2 = new TerminalCapture(dir);
        PipelineCommand verbose = new PipelineCommand(t2.terminal);
        verbose.stacktrace = true;
        verbose.failed(new IllegalStateException("boom"));
        assertTrue(t2.err().contains("\tat dev.uniformpipeline.cli.PipelineCommandTest"), t2.err());
    }

    @Test
    void aRunsExitCodeFollowsItsStatusAndTheKindOfItsFirstFailure() {
        assertEquals(0, RunCommand.exitCode(report(RunReport.RunStatus.SUCCEEDED, null)));
        assertEquals(1, RunCommand.exitCode(report(RunReport.RunStatus.FAILED, PipelineException.Kind.PIPELINE_FAILED)));
        assertEquals(3, RunCommand.exitCode(report(RunReport.RunStatus.FAILED, PipelineException.Kind.ENVIRONMENT)));
        assertEquals(2, RunCommand.exitCode(report(RunReport.RunStatus.FAILED, PipelineException.Kind.INVALID_INPUT)));
        assertEquals(1, RunCommand.exitCode(report(RunReport.RunStatus.CANCELLED, null)));
        assertEquals(1, RunCommand.exitCode(report(RunReport.RunStatus.TIMED_OUT, null)));
    }

    @Test
    void localCloudStatusWithNothingRunningSaysNotRunningAndExits3() {
        Cli.Result r = Cli.run(dir, "local-cloud", "status");

        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.out().contains("local-cloud not running (state " + dir.resolve(".uniform/local-cloud") + ")"),
                r.toString());
    }

    @Test
    void localCloudWithoutASubcommandIsAUsageError() {
        Cli.Result r = Cli.run(dir, "local-cloud");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("missing subcommand"), r.toString());
    }

    @Test
    void versionPrintsAVersion() {
        Cli.Result r = Cli.run(dir, "version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("pipeline "), r.toString());
    }

    private static RunReport report(RunReport.RunStatus status, PipelineException.Kind kind) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new RunReport(1, "id", "p", "pipeline.yml", Optional.empty(), false, status, now, now,
                Optional.empty(), Optional.empty(), List.of(), List.of(),
                kind == null ? Optional.empty()
                        : Optional.of(new RunReport.Failure(dev.uniformpipeline.core.api.Stage.PUSH, Optional.empty(),
                        kind, "x")), Optional.empty());
    }

    /** A terminal whose stderr can be read back. */
    private static final class TerminalCapture {
        final java.io.StringWriter errText = new java.io.StringWriter();
        final Terminal terminal;

        TerminalCapture(Path dir) {
            terminal = new Terminal(dir, Map.of(), new java.io.PrintWriter(new java.io.StringWriter()),
                    new java.io.PrintWriter(errText, true), false);
        }

        String err() {
            return errText.toString();
        }
    }

    @Test
    void aTimeoutThatIsNotAPositiveDurationIsAUsageError() {
        for (String bad : List.of("0s", "soon", "-5m")) {
            Cli.Result r = Cli.run(dir, "run", "--timeout", bad);
            assertEquals(2, r.exitCode(), bad + ": " + r);
            assertTrue(r.err().contains("--timeout"), r.toString());
        }
    }

    @Test
    void durationsAreWrittenTheWayPeopleWriteThem() {
        DurationConverter c = new DurationConverter();
        assertEquals(java.time.Duration.ofSeconds(90), c.convert("90s"));
        assertEquals(java.time.Duration.ofMinutes(90), c.convert("1h30m"));
        assertEquals(java.time.Duration.ofMinutes(30), c.convert("PT30M"));
    }

    @Test
    void untilAcceptsOnlyBuildOrPushAndSaysSo() {
        Cli.Result r = Cli.run(dir, "run", "--until", "deploy");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--until") && r.err().contains("write build or push"), r.toString());
        assertTrue(Cli.run(dir, "run", "--help").out().contains("--until"));
    }

    @Test
    void runUntilBuildBuildsARealCommitPushesNothingAndSucceeds() throws Exception {
        Path repo = committedStaticSite();

        Cli.Result r = Cli.run(repo, Map.of("UNIFORM_BASE_IMAGES", dir.resolve("bases").toString()), false,
                "run", "--until", "build", "--output", "json");

        assertEquals(0, r.exitCode(), r.toString());
        JsonNode report = JSON.readTree(r.out());
        assertEquals("succeeded", report.get("status").asText(), r.toString());
        JsonNode stages = report.get("stages");
        assertEquals("succeeded", stages.get(1).get("status").asText(), r.toString());
        for (int i = 2; i < 5; i++) {
            assertEquals("skipped", stages.get(i).get("status").asText(), r.toString());
            assertEquals("not requested: the run stops after build", stages.get(i).get("reason").asText());
        }
        assertTrue(report.get("image").get("digest").asText().startsWith("sha256:"), "built locally: " + r);
        assertEquals("not_run", report.get("targets").get(0).get("outcome").asText());
    }

    @Test
    void aLocalSourceIsRelativeToThePipelineFileNotToTheCallersDirectory() throws Exception {
        Path repo = committedStaticSite();

        Cli.Result r = Cli.run(dir, Map.of("UNIFORM_BASE_IMAGES", dir.resolve("bases").toString()), false,
                "run", "-f", dir.relativize(repo.resolve("pipeline.yml")).toString(), "--until", "build",
                "--output", "json");

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("succeeded", JSON.readTree(r.out()).get("status").asText(), r.toString());
    }

    /** A git repository {@code site} with a static site and a pipeline file whose source is {@code "."}. */
    private Path committedStaticSite() throws Exception {
        Path repo = dir.resolve("site");
        java.nio.file.Files.createDirectories(repo.resolve("public"));
        java.nio.file.Files.writeString(repo.resolve("public/index.html"), "<h1>site</h1>");
        java.nio.file.Files.writeString(repo.resolve("pipeline.yml"), """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: site
                source: { git: "." }
                build: { builder: static }
                image: { registry: "127.0.0.1:1", repository: team/site, tags: ["${git.shortSha}"], insecure: true }
                service: { port: 8080, replicas: 1, cpu: 0.25, memory: 512MiB }
                targets:
                  - { name: prod-eks, type: eks, region: eu-west-1, cluster: prod-eks, namespace: site }
                """);
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile())
                .setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("site").setAuthor("Ada", "ada@example.org")
                    .setCommitter("Ada", "ada@example.org").setSign(false).call();
        }

        return repo;
    }
}
