package dev.uniformpipeline.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunReportJsonTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:30:00.120Z");
    private static final Instant T1 = Instant.parse("2026-11-27T08:31:10.051Z");

    static RunReport fullReport() {
        RunReport.StageReport ok = new RunReport.StageReport(Stage.CHECKOUT, Optional.empty(),
                RunReport.StageStatus.SUCCEEDED, Optional.of(T0), Optional.of(T1), Optional.empty());
        RunReport.StageReport deployStaging = new RunReport.StageReport(Stage.DEPLOY, Optional.of("staging"),
                RunReport.StageStatus.CANCELLED, Optional.of(T0), Optional.of(T1), Optional.of("cancelled on request"));
        RunReport.StageReport verifyStaging = new RunReport.StageReport(Stage.VERIFY, Optional.of("staging"),
                RunReport.StageStatus.SKIPPED, Optional.empty(), Optional.empty(),
                Optional.of("not run: the run was cancelled"));
        return new RunReport(1, "run-1", "orders", "pipeline.yml", Optional.of("prod"), false,
                RunReport.RunStatus.CANCELLED, T0, T1,
                Optional.of(new RunReport.Source("3f2a9c0d" + "0".repeat(32), Optional.of("main"))),
                Optional.of(new RunReport.Image("localhost:5000/orders", Optional.of("sha256:" + "a".repeat(64)),
                        List.of("3f2a9c0", "latest"))),
                List.of(ok),
                List.of(new RunReport.TargetReport("staging", "fargate", RunReport.TargetOutcome.CANCELLED,
                        Optional.of("cancelled on request"), List.of(deployStaging, verifyStaging))),
                Optional.of(new RunReport.Failure(Stage.VERIFY, Optional.of("prod"),
                        PipelineException.Kind.ENVIRONMENT, "no route to host"))
                , Optional.of(new RunReport.Cancellation(T1, "cancelled on request", Optional.of(Stage.DEPLOY),
                        List.of("staging"))));
    }

    @Test
    void aReportWithEveryFieldSurvivesARoundTrip() {
        RunReport report = fullReport();
        assertEquals(report, RunReport.parse(report.toJson()));
    }

    @Test
    void theJsonHasTheDocumentedFieldNamesAndLowerCaseIds() throws Exception {
        JsonNode json = new ObjectMapper().readTree(fullReport().toJson());

        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("cancelled", json.get("status").asText());
        assertEquals(69931, json.get("durationMillis").asLong());
        assertEquals("main", json.get("source").get("ref").asText());
        assertEquals("sha256:" + "a".repeat(64), json.get("image").get("digest").asText());
        assertEquals("checkout", json.get("stages").get(0).get("stage").asText());
        assertEquals(69931, json.get("stages").get(0).get("durationMillis").asLong());
        JsonNode target = json.get("targets").get(0);
        assertEquals("cancelled", target.get("outcome").asText());
        assertTrue(target.get("stages").get(1).get("startedAt").isNull());
        assertEquals("environment", json.get("failure").get("kind").asText());
        assertEquals("deploy", json.get("cancellation").get("stage").asText());
        assertEquals("staging", json.get("cancellation").get("targets").get(0).asText());
        assertEquals("2026-11-27T08:30:00.120Z", json.get("startedAt").asText());
    }

    @Test
    void parsingNamesTheFieldThatIsWrong() {
        String json = fullReport().toJson().replace("\"rolled_back\"", "x").replace("\"cancelled\",\n    \"reason\"",
                "\"exploded\",\n    \"reason\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunReport.parse(json));
        assertEquals("not a run report: targets[].outcome: unknown value 'exploded'", e.getMessage());

        IllegalArgumentException newer = assertThrows(IllegalArgumentException.class,
                () -> RunReport.parse("{\"schemaVersion\": 2}"));
        assertTrue(newer.getMessage().contains("schemaVersion: version 2 is newer"), newer.getMessage());

        assertThrows(IllegalArgumentException.class, () -> RunReport.parse("not json"));
    }

    @Test
    void aPlanSurvivesARoundTripAndSaysWhetherAnythingChanges() throws Exception {
        Plan plan = new Plan(1, "orders", "pipeline.yml", Optional.empty(), List.of(
                new Plan.TargetPlan("staging", "fargate", List.of(
                        new Plan.Change(Plan.Action.CREATE, "ecs:TaskDefinition", "orders", List.of("cpu: 512"), Optional.empty()),
                        new Plan.Change(Plan.Action.REPLACE, "logs:LogGroup", "/uniform/orders", List.of(), Optional.of("kms key changes"))))));

        assertEquals(plan, Plan.parse(plan.toJson()));
        JsonNode json = new ObjectMapper().readTree(plan.toJson());
        assertTrue(json.get("hasChanges").asBoolean());
        assertEquals("replace", json.get("targets").get(0).get("changes").get(1).get("action").asText());
        assertEquals("kms key changes", json.get("targets").get(0).get("changes").get(1).get("note").asText());

        Plan unchanged = new Plan(1, "orders", "pipeline.yml", Optional.empty(), List.of(
                new Plan.TargetPlan("staging", "fargate", List.of(
                        new Plan.Change(Plan.Action.NO_CHANGE, "ecs:Service", "orders", List.of(), Optional.empty())))));
        assertEquals(false, unchanged.hasChanges());
    }
}
