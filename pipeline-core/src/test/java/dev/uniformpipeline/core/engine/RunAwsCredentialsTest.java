package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.registry.RegistryException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunAwsCredentialsTest {
    @Test
    void keysInTheRunsEnvironmentAreTheCredentialsNotTheProcessEnvironment() throws Exception {
        AwsCredentials c = RunAwsCredentials.from(Map.of("AWS_ACCESS_KEY_ID", "AKIDFROMTHERUN",
                "AWS_SECRET_ACCESS_KEY", "secret-from-the-run")).resolveCredentials();

        assertEquals("AKIDFROMTHERUN", c.accessKeyId());
        assertEquals("secret-from-the-run", c.secretAccessKey());
        assertFalse(c instanceof AwsSessionCredentials);
    }

    @Test
    void aSessionTokenInTheRunsEnvironmentMakesSessionCredentials() throws Exception {
        AwsCredentials c = RunAwsCredentials.from(Map.of("AWS_ACCESS_KEY_ID", "ASIATEMP",
                "AWS_SECRET_ACCESS_KEY", "s", "AWS_SESSION_TOKEN", "tok")).resolveCredentials();

        assertEquals("tok", assertInstanceOf(AwsSessionCredentials.class, c).sessionToken());
    }

    @Test
    void withoutKeysTheDefaultChainIsUsedAndHalfAPairIsAnErrorNamingTheMissingVariable() throws Exception {
        assertInstanceOf(DefaultCredentialsProvider.class, RunAwsCredentials.from(Map.of()));

        RegistryException e = assertThrows(RegistryException.class,
                () -> RunAwsCredentials.from(Map.of("AWS_ACCESS_KEY_ID", "AKID")));
        assertTrue(e.getMessage().contains("but not AWS_SECRET_ACCESS_KEY"), e.getMessage());
    }

    @Test
    void theRegionIsAwsRegionElseAwsDefaultRegionOfTheRunsEnvironment() {
        assertEquals("eu-west-1", RunAwsCredentials.region(Map.of("AWS_REGION", "eu-west-1",
                "AWS_DEFAULT_REGION", "us-east-1")));
        assertEquals("us-east-1", RunAwsCredentials.region(Map.of("AWS_DEFAULT_REGION", "us-east-1")));
        assertNull(RunAwsCredentials.region(Map.of("AWS_REGION", " ")));
    }
}
