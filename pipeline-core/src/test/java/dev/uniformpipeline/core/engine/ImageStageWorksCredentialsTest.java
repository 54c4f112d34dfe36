package dev.uniformpipeline.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class ImageStageWorksCredentialsTest {
    @Test
    void staticKeysInTheRunEnvironmentBecomeTheClientsCredentials() {
        AwsCredentials c = ImageStageWorks.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "000000000000",
                "AWS_SECRET_ACCESS_KEY", "local-cloud")).orElseThrow().resolveCredentials();
        assertEquals("000000000000", c.accessKeyId());
        assertEquals("local-cloud", c.secretAccessKey());
    }

    @Test
    void aSessionTokenIsKept() {
        AwsCredentials c = ImageStageWorks.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "ASIA1",
                "AWS_SECRET_ACCESS_KEY", "s", "AWS_SESSION_TOKEN", "t")).orElseThrow().resolveCredentials();
        assertEquals("t", ((AwsSessionCredentials) c).sessionToken());
    }

    @Test
    void withoutBothKeysTheSdkDefaultChainApplies() {
        assertTrue(ImageStageWorks.credentialsFrom(Map.of("AWS_ACCESS_KEY_ID", "x")).isEmpty());
        assertTrue(ImageStageWorks.credentialsFrom(Map.of()).isEmpty());
    }
}
