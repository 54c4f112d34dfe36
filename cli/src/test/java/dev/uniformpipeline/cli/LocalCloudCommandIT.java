package dev.uniformpipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.LocalCloudProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pipeline local-cloud start|status|stop} against a real detached local-cloud JVM. */
class LocalCloudCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state");
    }

    @AfterEach
    void stopWhateverRuns() throws Exception {
        LocalCloudProcess.stop(state(), Duration.ofSeconds(30));
    }

    private static EcrClient ecr(URI endpoint) {
        return EcrClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LocalCloudSession.ACCESS_KEY_ID, LocalCloudSession.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void startAnswersAwsCallsStatusReportsItStopEndsItAndTheNextStartKeepsTheState() throws Exception {
        Cli.Result before = Cli.run(dir, Map.of(), false, "local-cloud", "status", "--state-dir", "state");
        assertEquals(3, before.exitCode(), before.toString());
        assertTrue(before.out().contains("local-cloud not running"), before.toString());

        Cli.Result started = Cli.run(dir, Map.of(), false, "local-cloud", "start", "--state-dir", "state");
        assertEquals(0, started.exitCode(), started.toString());
        assertTrue(started.out().contains("local-cloud started at http://127.0.0.1:"), started.toString());
        Cli.Result json = Cli.run(dir, Map.of(), false, "local-cloud", "status", "--state-dir", "state",
                "--output", "json");
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode status = JSON.readTree(json.out());
        URI endpoint = URI.create(status.get("endpoint").asText());
        assertTrue(status.get("running").asBoolean(), json.toString());
        assertTrue(started.out().contains("export AWS_ENDPOINT_URL=" + endpoint), started.toString());
        assertTrue(started.out().contains("export AWS_REGION=us-east-1"), started.toString());
        assertTrue(started.out().contains("export AWS_DEFAULT_REGION=us-east-1"), started.toString());
        assertTrue(started.out().contains("pipeline run --local --local-state-dir state"), started.toString());
        assertEquals(endpoint.toString(), status.get("environment").get("AWS_ENDPOINT_URL").asText());
        long pid = status.get("pid").asLong();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " not alive");

        try (EcrClient ecr = ecr(endpoint)) {
            ecr.createRepository(r -> r.repositoryName("orders"));
        }

        Cli.Result again = Cli.run(dir, Map.of(), false, "local-cloud", "start", "--state-dir", "state");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("already running at " + endpoint), again.toString());

        Cli.Result stopped = Cli.run(dir, Map.of(), false, "local-cloud", "stop", "--state-dir", "state");
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertTrue(stopped.out().contains("local-cloud stopped"), stopped.toString());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
        Cli.Result after = Cli.run(dir, Map.of(), false, "local-cloud", "status", "--state-dir", "state");
        assertEquals(3, after.exitCode(), after.toString());
        assertTrue(after.out().contains("not running"), after.toString());

        Cli.Result restarted = Cli.run(dir, Map.of(), false, "local-cloud", "start", "--state-dir", "state",
                "--output", "json");
        assertEquals(0, restarted.exitCode(), restarted.toString());
        URI endpoint2 = URI.create(JSON.readTree(restarted.out()).get("endpoint").asText());
        try (EcrClient ecr = ecr(endpoint2)) {
            List<String> names = ecr.describeRepositories().repositories().stream()
                    .map(Repository::repositoryName).toList();
            assertEquals(List.of("orders"), names, "the repository created before the restart");
        }
    }

    @Test
    void theStateDirectoryComesFromTheEnvironmentWhenNotGiven() throws Exception {
        Map<String, String> env = Map.of(LocalCloudSession.STATE_ENV, "state");
        Cli.Result started = Cli.run(dir, env, false, "local-cloud", "start", "--clock-factor", "20");
        assertEquals(0, started.exitCode(), started.toString());
        assertTrue(started.out().contains("state " + state()), started.toString());
        assertTrue(LocalCloudProcess.status(state()).isPresent(), "running on " + state());
        Cli.Result stopped = Cli.run(dir, env, false, "local-cloud", "stop", "--output", "json");
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertTrue(JSON.readTree(stopped.out()).get("stopped").asBoolean(), stopped.toString());
    }

    @Test
    void aBadClockFactorIsAUsageError() {
        Cli.Result r = Cli.run(dir, Map.of(), false, "local-cloud", "start", "--state-dir", "state",
                "--clock-factor", "0");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--clock-factor"), r.toString());
    }
}
