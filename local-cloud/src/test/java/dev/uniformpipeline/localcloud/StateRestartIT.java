package dev.uniformpipeline.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Every stateful service of this module survives a close and start on the same state directory. */
class StateRestartIT {
    @TempDir
    Path dir;

    @Test
    void stsLogsAutoScalingAndEventBridgeStateSurviveARestart() throws Exception {
        Credentials creds;
        String topic = "arn:aws:sns:us-east-1:000000000000:restart";
        try (LocalCloud cloud = LocalCloud.builder().stateDir(dir).start();
                StsClient sts = Sdk.client(StsClient.builder(), cloud.endpoint());
                CloudWatchLogsClient logs = Sdk.client(CloudWatchLogsClient.builder(), cloud.endpoint());
                ApplicationAutoScalingClient aas = Sdk.client(ApplicationAutoScalingClient.builder(), cloud.endpoint());
                EventBridgeClient events = Sdk.client(EventBridgeClient.builder(), cloud.endpoint())) {
            creds = sts.assumeRole(b -> b.roleArn("arn:aws:iam::121212121212:role/r").roleSessionName("again"))
                    .credentials();
            logs.createLogGroup(b -> b.logGroupName("/keep/me"));
            logs.putRetentionPolicy(b -> b.logGroupName("/keep/me").retentionInDays(90));
            logs.createLogStream(b -> b.logGroupName("/keep/me").logStreamName("s"));
            long t = cloud.clock().now().toEpochMilli();
            logs.putLogEvents(b -> b.logGroupName("/keep/me").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(t).message("before restart").build()));
            aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.ECS).resourceId("service/c/keep")
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(2).maxCapacity(6));
            aas.putScalingPolicy(b -> b.policyName("cpu").serviceNamespace(ServiceNamespace.ECS)
                    .resourceId("service/c/keep").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                    .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                            .targetValue(50.0).predefinedMetricSpecification(m -> m
                                    .predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION))));
            events.putRule(b -> b.name("keep").scheduleExpression("rate(10 minutes)"));
            events.putTargets(b -> b.rule("keep").targets(Target.builder().id("sns").arn(topic).build()));
        }
        for (String f : new String[] {"sts.json", "logs.json", "application-autoscaling.json", "events.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }

        try (LocalCloud cloud = LocalCloud.builder().stateDir(dir).start();
                StsClient assumed = Sdk.client(StsClient.builder(), cloud.endpoint(), StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken())),
                        Region.US_EAST_1);
                CloudWatchLogsClient logs = Sdk.client(CloudWatchLogsClient.builder(), cloud.endpoint());
                ApplicationAutoScalingClient aas = Sdk.client(ApplicationAutoScalingClient.builder(), cloud.endpoint());
                EventBridgeClient events = Sdk.client(EventBridgeClient.builder(), cloud.endpoint())) {
            assertEquals("121212121212", assumed.getCallerIdentity().account());
            assertEquals(90, logs.describeLogGroups(b -> b.logGroupNamePrefix("/keep/")).logGroups().get(0)
                    .retentionInDays());
            assertEquals("before restart", logs.getLogEvents(b -> b.logGroupName("/keep/me").logStreamName("s"))
                    .events().get(0).message());
            assertEquals(6, aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS))
                    .scalableTargets().get(0).maxCapacity());
            assertEquals("cpu", aas.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS))
                    .scalingPolicies().get(0).policyName());
            assertEquals(topic, events.listTargetsByRule(b -> b.rule("keep")).targets().get(0).arn());
            // the restored schedule keeps firing on the cloud clock
            cloud.clock().advance(Duration.ofMinutes(10));
            var svc = cloud.service(dev.uniformpipeline.localcloud.events.EventsService.class);
            for (int i = 0; i < 200 && svc.deliveries(topic).isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertEquals(1, svc.deliveries(topic).size());
        }
    }

    @Test
    void aFastCloudClockDoesNotJumpBackAcrossARestart() {
        java.time.Instant before;
        try (LocalCloud cloud = LocalCloud.builder().stateDir(dir).start()) {
            cloud.clock().advance(Duration.ofDays(3));
            before = cloud.clock().now();
        }
        try (LocalCloud cloud = LocalCloud.builder().stateDir(dir).start()) {
            assertTrue(!cloud.clock().now().isBefore(before), cloud.clock().now() + " is before " + before);
        }
    }

    @Test
    void unreadableStateFileStopsTheStartAndIsKept() throws Exception {
        Files.writeString(dir.resolve("logs.json"), "{ not json");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalCloud.builder().stateDir(dir).start());
        assertTrue(e.getMessage().contains("logs.json"), e.getMessage());
        assertEquals("{ not json", Files.readString(dir.resolve("logs.json")), "the bad file is not overwritten");
    }
}
