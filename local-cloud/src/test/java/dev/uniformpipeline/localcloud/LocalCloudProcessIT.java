package dev.uniformpipeline.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Standalone mode: a detached JVM with pid and endpoint files, whose state survives a restart. */
class LocalCloudProcessIT {
    @TempDir
    Path stateDir;

    @AfterEach
    void cleanup() throws Exception {
        LocalCloudProcess.stop(stateDir, Duration.ofSeconds(20));
    }

    @Test
    void stateSurvivesStopAndStart() throws Exception {
        LocalCloudProcess.Info first = LocalCloudProcess.start(LocalCloudProcess.Options.of(stateDir));
        assertNotEquals(ProcessHandle.current().pid(), first.pid());
        assertTrue(ProcessHandle.of(first.pid()).isPresent());
        assertEquals(first, LocalCloudProcess.status(stateDir).orElseThrow());
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> LocalCloudProcess.start(LocalCloudProcess.Options.of(stateDir)));
        assertTrue(twice.getMessage().contains("already running"), twice.getMessage());

        Credentials creds;
        try (StsClient sts = Sdk.client(StsClient.builder(), first.endpoint())) {
            creds = sts.assumeRole(b -> b.roleArn("arn:aws:iam::777777777777:role/Survivor")
                    .roleSessionName("restart")).credentials();
        }

        assertTrue(LocalCloudProcess.stop(stateDir, Duration.ofSeconds(20)));
        assertTrue(LocalCloudProcess.status(stateDir).isEmpty());
        assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.isRegularFile(stateDir.resolve("sts.json")), "state saved on stop");
        assertFalse(LocalCloudProcess.stop(stateDir, Duration.ofSeconds(5)), "second stop: nothing running");

        LocalCloudProcess.Info second = LocalCloudProcess.start(LocalCloudProcess.Options.of(stateDir));
        try (StsClient assumed = Sdk.client(StsClient.builder(), second.endpoint(), StaticCredentialsProvider.create(
                AwsSessionCredentials.create(creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken())),
                Region.US_EAST_1)) {
            assertEquals("arn:aws:sts::777777777777:assumed-role/Survivor/restart",
                    assumed.getCallerIdentity().arn());
        }
    }

    @Test
    void aBusyPortFailsTheStartWithTheChildsOwnExplanation() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalCloudProcess.start(stateDir, busy.getLocalPort(), 1.0));
            assertTrue(e.getMessage().contains("exited"), e.getMessage());
            assertTrue(e.getMessage().contains("could not listen on 127.0.0.1:" + busy.getLocalPort()), e.getMessage());
        }
        assertTrue(LocalCloudProcess.status(stateDir).isEmpty());
    }

    @Test
    void mainReportsNotRunningForAnEmptyStateDir() throws Exception {
        assertEquals(3, LocalCloudMain.run(new String[] {"status", "--state-dir", stateDir.toString()}));
        assertEquals(2, LocalCloudMain.run(new String[] {"start"}));
    }
}
