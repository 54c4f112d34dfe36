package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import hudson.AbortException;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** uniformPipeline's execution against the real engine, with an offline StepContext. */
class UniformPipelineStepTest {
    @TempDir
    Path tmp;

    @Test
    void aRunOutsideAGitWorkingTreeFailsAtCheckoutPrintsTheVerdictAndArchivesTheReport() throws Exception {
        OfflineBuild build = new OfflineBuild(tmp);
        build.pipelineFile("pipeline.yml", OfflineBuild.orders());

        new UniformPipelineStep().start(build.context).start();

        Throwable failure = build.context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("Uniform Pipeline FAILED: pipeline 'orders' at checkout"),
                failure.getMessage());
        String console = build.console.text();
        assertTrue(console.contains("[uniform] ===== checkout ====="), console);
        assertTrue(console.contains("[uniform] checkout FAILED after"), console);
        assertTrue(console.contains("Uniform Pipeline FAILED: pipeline 'orders' at checkout"), console);
        assertTrue(console.contains("is not inside a git working tree"), console);

        Path archived = build.archived("uniform-report.json");
        RunReport report = RunReport.parse(Files.readString(archived));
        assertEquals(RunReport.RunStatus.FAILED, report.status());
        assertEquals(Stage.CHECKOUT, report.failure().orElseThrow().stage());
        assertEquals(RunReport.StageStatus.SKIPPED, report.stage(Stage.BUILD).orElseThrow().status());
        assertEquals(Files.readString(archived), Files.readString(build.workspace.resolve("uniform-report.json")));
    }

    @Test
    void fileTargetsDryRunAndReportFileReachTheEngine() throws Exception {
        OfflineBuild build = new OfflineBuild(tmp);
        build.pipelineFile("ci/orders.yml", OfflineBuild.orders());
        UniformPipelineStep step = new UniformPipelineStep();
        step.setFile("ci/orders.yml");
        step.setTargets(List.of("prod-eks"));
        step.setDryRun(true);
        step.setReportFile("out/report.json");

        step.start(build.context).start();

        build.context.failure();
        RunReport report = RunReport.parse(Files.readString(build.archived("out/report.json")));
        assertEquals("ci/orders.yml", report.pipelineFile());
        assertTrue(report.dryRun());
        assertEquals(List.of("prod-eks"), report.targets().stream().map(RunReport.TargetReport::name).toList());
        assertTrue(build.console.text().contains("dry run: nothing is pushed or deployed"), build.console.text());
    }

    @Test
    void setAndEnvReachTheEngineItsProblemsAreListedAndNothingRuns() throws Exception {
        OfflineBuild build = new OfflineBuild(tmp);
        build.pipelineFile("pipeline.yml", OfflineBuild.orders()
                + "profiles:\n  prod:\n    service: { replicas: -5 }\n");
        UniformPipelineStep step = new UniformPipelineStep();
        step.setEnv("prod");
        step.setSet(Map.of("rollout.timeout", "not-a-duration"));

        step.start(build.context).start();

        Throwable failure = build.context.failure();
        assertTrue(failure.getMessage().contains("pipeline.yml is not a valid pipeline"), failure.getMessage());
        String console = build.console.text();
        assertTrue(console.contains("service.replicas"), console);   // only the prod profile sets -5
        assertTrue(console.contains("rollout.timeout"), console);    // only --set makes it invalid
        assertFalse(console.contains("===== checkout"), console);
        assertFalse(Files.exists(build.archived("uniform-report.json")));
    }

    @Test
    void stoppingTheStepCancelsTheEngineRunAndTheArchivedReportSaysWhere() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept and never answer: the clone waits
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            OfflineBuild build = new OfflineBuild(tmp);
            build.pipelineFile("pipeline.yml", OfflineBuild.orders().replace("source: { git: \".\", ref: main }",
                    "source: { git: \"http://127.0.0.1:" + silent.getLocalPort() + "/orders.git\", ref: main }"));

            StepExecution execution = new UniformPipelineStep().start(build.context);
            execution.start();
            OfflineBuild.await(() -> build.console.text().contains("===== checkout ====="), "checkout to start");
            Exception abort = new Exception("Aborted by user");
            execution.stop(abort);
            // the engine has been asked to stop; let the stuck clone end now instead of after the engine's grace period
            Thread.sleep(1000);
            silent.close(); // later attempts are refused
            for (Socket s : held) {
                s.close();
            }

            assertSame(abort, build.context.first());
            Path archived = build.archived("uniform-report.json");
            OfflineBuild.await(() -> Files.exists(archived), "the report to be archived");
            OfflineBuild.await(() -> build.console.text().contains("Uniform Pipeline CANCELLED"), "the verdict");
            RunReport report = RunReport.parse(Files.readString(archived));
            assertEquals(RunReport.RunStatus.CANCELLED, report.status());
            assertEquals(Stage.CHECKOUT, report.cancellation().orElseThrow().stage().orElseThrow());
            assertEquals(RunReport.StageStatus.CANCELLED, report.stage(Stage.CHECKOUT).orElseThrow().status());
            assertTrue(build.console.text().contains(
                    "Uniform Pipeline CANCELLED: pipeline 'orders' while checkout was running"), build.console.text());
            // every target is at a known revision: none was touched
            for (String t : List.of("staging (fargate)", "prod-ec2 (ecs-ec2)", "prod-eks (eks)")) {
                assertTrue(build.console.text().contains("  target " + t + ": cancelled - not run: the run was"
                        + " cancelled; not changed (its deploy never started)"), build.console.text());
            }
            assertTrue(report.targets().stream().allMatch(t -> t.outcome() == RunReport.TargetOutcome.CANCELLED
                    && t.stages().stream().allMatch(s -> s.startedAt().isEmpty())), report.toJson());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
