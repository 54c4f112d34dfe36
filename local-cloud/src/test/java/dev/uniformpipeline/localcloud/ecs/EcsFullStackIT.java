package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Every local-cloud service real (ECR, ELBv2 with its data plane, CloudWatch Logs, ECS), driven only through the
 * AWS SDK: images pushed to ECR carry the simulated behaviour as labels, an ALB routes to the tasks, and a rollout,
 * a circuit-breaker rollback and the container logs are observed the way a deployer would.
 */
class EcsFullStackIT {
    static final WaiterOverrideConfiguration FAST = WaiterOverrideConfiguration.builder()
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))).maxAttempts(600).build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String pushBlob(EcrClient ecr, byte[] blob) throws Exception {
        String id = ecr.initiateLayerUpload(b -> b.repositoryName("web")).uploadId();
        ecr.uploadLayerPart(b -> b.repositoryName("web").uploadId(id).partFirstByte(0L)
                .partLastByte((long) blob.length - 1).layerPartBlob(SdkBytes.fromByteArray(blob)));
        String digest = sha256(blob);
        ecr.completeLayerUpload(b -> b.repositoryName("web").uploadId(id).layerDigests(digest));
        return digest;
    }

    /** Pushes a one-layer image whose label tells the simulated runtime how to behave. */
    static void push(EcrClient ecr, String tag, String behavior) throws Exception {
        byte[] layer = ("layer " + tag).getBytes(StandardCharsets.UTF_8);
        String layerDigest = pushBlob(ecr, layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"uniform.sim.behavior\":\""
                + behavior + "\"},\"ExposedPorts\":{\"8080/tcp\":{}}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layerDigest + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = pushBlob(ecr, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
                + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length + ",\"digest\":\""
                + layerDigest + "\"}]}";
        ecr.putImage(b -> b.repositoryName("web").imageTag(tag).imageManifest(manifest));
    }

    static Set<String> bodiesThrough(LoadBalancer alb, int requests) throws Exception {
        Set<String> images = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + alb.dnsName() + "/orders"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            String body = r.body();
            int at = body.indexOf("\"image\":\"");
            images.add(body.substring(at + 9, body.indexOf('"', at + 9)));
        }
        return images;
    }

    static void awaitCompleted(EcsClient ecs, DescribeServicesRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Service s = null;
        while (System.nanoTime() < deadline) {
            s = ecs.describeServices(request).services().get(0);
            if (s.deployments().size() == 1 && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the deployment never COMPLETED: " + s);
    }

    @Test
    void rolloutAndRollbackThroughRealEcrElbAndLogs() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().clockFactor(50).start();
                EcsClient ecs = Sdk.client(EcsClient.builder(), cloud.endpoint());
                EcrClient ecr = Sdk.client(EcrClient.builder(), cloud.endpoint());
                ElasticLoadBalancingV2Client elb = Sdk.client(ElasticLoadBalancingV2Client.builder(), cloud.endpoint());
                CloudWatchLogsClient logs = Sdk.client(CloudWatchLogsClient.builder(), cloud.endpoint())) {
            String repo = ecr.createRepository(b -> b.repositoryName("web")).repository().repositoryUri();
            push(ecr, "v1", "healthy");
            push(ecr, "v2", "healthy");
            push(ecr, "bad", "unhealthy");
            logs.createLogGroup(b -> b.logGroupName("/uniform/web"));

            LoadBalancer alb = elb.createLoadBalancer(b -> b.name("web").type(LoadBalancerTypeEnum.APPLICATION)
                    .subnets("subnet-1", "subnet-2")).loadBalancers().get(0);
            String tg = elb.createTargetGroup(b -> b.name("web").protocol(ProtocolEnum.HTTP).port(8080).vpcId("vpc-1")
                    .targetType(TargetTypeEnum.IP).healthCheckPath("/health").healthCheckIntervalSeconds(5)
                    .healthCheckTimeoutSeconds(2).healthyThresholdCount(2).unhealthyThresholdCount(2))
                    .targetGroups().get(0).targetGroupArn();
            elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(a -> a
                    .key("deregistration_delay.timeout_seconds").value("5")));
            elb.createListener(b -> b.loadBalancerArn(alb.loadBalancerArn()).protocol(ProtocolEnum.HTTP).port(80)
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));

            ecs.createCluster(b -> b.clusterName("prod"));
            String[] tds = new String[3];
            String[] tags = {"v1", "v2", "bad"};
            for (int i = 0; i < 3; i++) {
                String image = repo + ":" + tags[i];
                tds[i] = ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC)
                        .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                        .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                        .containerDefinitions(ContainerDefinition.builder().name("web").image(image)
                                .portMappings(PortMapping.builder().containerPort(8080).build())
                                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(java.util.Map.of(
                                        "awslogs-group", "/uniform/web", "awslogs-region", "us-east-1",
                                        "awslogs-stream-prefix", "web"))).build()))
                        .taskDefinition().taskDefinitionArn();
            }
            NetworkConfiguration net = NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                    .subnets("subnet-1").securityGroups("sg-1").build()).build();
            ecs.createService(b -> b.cluster("prod").serviceName("web").taskDefinition(tds[0]).desiredCount(2)
                    .launchType(LaunchType.FARGATE).networkConfiguration(net)
                    .loadBalancers(lb -> lb.targetGroupArn(tg).containerName("web").containerPort(8080))
                    .deploymentConfiguration(dc -> dc.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
            DescribeServicesRequest web = DescribeServicesRequest.builder().cluster("prod").services("web").build();
            ecs.waiter().waitUntilServicesStable(web, FAST);
            // ServicesStable only counts RUNNING tasks; the deployment is COMPLETED once they are healthy, which
            // behind a load balancer means their targets passed a health check
            awaitCompleted(ecs, web);
            assertEquals(Set.of(repo + ":v1"), bodiesThrough(alb, 6));
            assertEquals(2, elb.describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions().stream()
                    .filter(d -> "healthy".equals(d.targetHealth().stateAsString())).count());

            ecs.updateService(b -> b.cluster("prod").service("web").taskDefinition(tds[1]));
            Service v2 = ecs.waiter().waitUntilServicesStable(web, FAST).matched().response().orElseThrow()
                    .services().get(0);
            assertEquals(tds[1], v2.deployments().get(0).taskDefinition());
            assertEquals(Set.of(repo + ":v2"), bodiesThrough(alb, 6), "the ALB only reaches v2 tasks after the rollout");

            ecs.updateService(b -> b.cluster("prod").service("web").taskDefinition(tds[2]));
            Service after = ecs.waiter().waitUntilServicesStable(web, FAST).matched().response().orElseThrow()
                    .services().get(0);
            assertEquals(tds[1], after.deployments().get(0).taskDefinition(), "rolled back to v2, not left on bad");
            List<String> msgs = after.events().stream().map(e -> e.message()).toList();
            assertTrue(msgs.stream().anyMatch(m -> m.endsWith("deployment failed: tasks failed to start.")), msgs.toString());
            assertTrue(msgs.stream().anyMatch(m -> m.contains("due to (reason Health checks failed with these codes:"
                    + " [503])")), msgs.toString());
            assertEquals(Set.of(repo + ":v2"), bodiesThrough(alb, 6));

            String taskArn = ecs.listTasks(b -> b.cluster("prod").serviceName("web")).taskArns().get(0);
            String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
            String digest = ecs.describeTasks(b -> b.cluster("prod").tasks(taskArn)).tasks().get(0).containers().get(0)
                    .imageDigest();
            assertEquals(ecr.describeImages(b -> b.repositoryName("web").imageIds(i -> i.imageTag("v2")))
                    .imageDetails().get(0).imageDigest(), digest, "the task's imageDigest is ECR's pushed digest");
            List<String> lines = logs.getLogEvents(b -> b.logGroupName("/uniform/web").logStreamName("web/web/" + taskId))
                    .events().stream().map(OutputLogEvent::message).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("GET /orders 200")), lines.toString());
        }
    }
}
