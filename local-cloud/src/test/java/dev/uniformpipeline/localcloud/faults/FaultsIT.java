package dev.uniformpipeline.localcloud.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Injected throttling, 500s and latency, as the real SDK experiences them. */
class FaultsIT {
    LocalCloud cloud;

    /** Stands in for ECS so the ECS rate table can be exercised with the real EcsClient. */
    static final class FakeEcs implements JsonProtocolService {
        @Override public String signingName() { return "ecs"; }
        @Override public String targetPrefix() { return "AmazonEC2ContainerServiceV20141113"; }
        @Override public JsonNode call(String op, JsonNode in, RequestContext ctx) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            if (op.equals("RegisterTaskDefinition")) {
                out.putObject("taskDefinition").put("family", in.path("family").asText()).put("revision", 1);
            }
            return out;
        }
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private EcsClient ecsWithoutRetries() {
        return EcsClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(Sdk.STATIC))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @Test
    void awsRatesThrottleRegisterTaskDefinitionAfterItsBurstOf20() {
        // clock factor 0.001: the 1 token/s refill is negligible while the test runs
        cloud = LocalCloud.builder().clockFactor(0.001).withService(c -> new FakeEcs()).start();
        cloud.faults().enableAwsThrottling();
        try (EcsClient ecs = ecsWithoutRetries()) {
            for (int i = 0; i < 20; i++) {
                ecs.registerTaskDefinition(b -> b.family("web"));
            }
            EcsException e = assertThrows(EcsException.class, () -> ecs.registerTaskDefinition(b -> b.family("web")));
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
            assertTrue(e.isThrottlingException(), "the SDK classifies it as throttling");

            // another group (service read, burst 100) is unaffected
            ecs.describeServices(b -> b.cluster("c").services("s"));
            // one cloud second refills one token of the task-definition group
            cloud.clock().advance(Duration.ofSeconds(1));
            ecs.registerTaskDefinition(b -> b.family("web"));
            assertThrows(EcsException.class, () -> ecs.registerTaskDefinition(b -> b.family("web")));
        }
        cloud.faults().disableAwsThrottling();
        try (EcsClient ecs = ecsWithoutRetries()) {
            ecs.registerTaskDefinition(b -> b.family("web"));
        }
    }

    @Test
    void sdkRetriesThrottledQueryCallsThenGivesUpWithThrottling() {
        cloud = LocalCloud.builder().clockFactor(0.001).start();
        cloud.faults().throttle("sts", "GetCallerIdentity", 1, 0);
        // standard retry mode (3 attempts) with short fixed backoffs to keep the test quick
        try (StsClient sts = StsClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(Sdk.STATIC))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(20)))
                        .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(20)))
                        .maxAttempts(3).build())).build()) {
            sts.getCallerIdentity();
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("Throttling", e.awsErrorDetails().errorCode());
            assertTrue(e.isThrottlingException());
            // 1 good call + the failed call's 3 attempts (SDK standard retry mode)
            assertEquals(4, cloud.faults().attempts("sts", "GetCallerIdentity"));
        }
    }

    @Test
    void injected500sAreRetriedBySdkAndSurfaceWhenPersistent() {
        cloud = LocalCloud.builder().withService(c -> new FakeEcs()).start();
        cloud.faults().failNext("sts", "GetCallerIdentity", 2);
        try (StsClient sts = Sdk.client(StsClient.builder(), cloud.endpoint())) {
            assertEquals("000000000000", sts.getCallerIdentity().account());
            assertEquals(3, cloud.faults().attempts("sts", "GetCallerIdentity"), "two 500s retried, third ok");

            cloud.faults().failNext("sts", "GetCallerIdentity", 3);
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals(500, e.statusCode());
            assertEquals("InternalFailure", e.awsErrorDetails().errorCode());
        }
        cloud.faults().failNext("ecs", "DescribeClusters", 1);
        try (EcsClient ecs = ecsWithoutRetries()) {
            EcsException e = assertThrows(EcsException.class, () -> ecs.describeClusters(b -> b.clusters("x")));
            assertEquals(500, e.statusCode());
            assertEquals("ServerException", e.awsErrorDetails().errorCode());
            ecs.describeClusters(b -> b.clusters("x"));
        }
    }

    @Test
    void addedLatencyDelaysAnswersOnTheCloudClock() {
        cloud = LocalCloud.builder().start();
        cloud.faults().addLatency("sts", "GetCallerIdentity", Duration.ofSeconds(5));
        try (StsClient impatient = StsClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(Sdk.STATIC))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofMillis(500))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build()).build()) {
            assertThrows(ApiCallAttemptTimeoutException.class, impatient::getCallerIdentity);
            cloud.faults().addLatency("sts", "GetCallerIdentity", Duration.ofMillis(200));
            Instant before = cloud.clock().now();
            impatient.getCallerIdentity();
            assertTrue(!cloud.clock().now().isBefore(before.plusMillis(200)), "answer came after the added latency");
        }
    }
}
