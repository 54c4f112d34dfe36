package dev.uniformpipeline.core.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.uniformpipeline.core.api.EnvironmentException;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.core.api.Rendering;
import dev.uniformpipeline.core.api.UniformPipeline;
import dev.uniformpipeline.core.aws.AwsClients;
import dev.uniformpipeline.core.deploy.AwsJson;
import dev.uniformpipeline.localcloud.LocalCloud;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plan} against a real local-cloud: the ECS reader's Describe calls decide create / update / no_change. */
class PlanLiveStateIT {
    private static final String REGION = "us-east-1";
    static LocalCloud cloud;
    static Map<String, String> env;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().start();
        env = Map.of("AWS_ENDPOINT_URL", cloud.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIDLOCAL",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", REGION);
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private Path pipeline(String cluster, String listenerArn) throws Exception {
        Path file = dir.resolve("pipeline.yml");
        Files.writeString(file, """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: orders
                source: { git: ".", ref: main }
                build: { builder: auto, baseImage: "eclipse-temurin:21-jre", platforms: [linux/amd64] }
                image: { registry: ecr, repository: orders, tags: ["1.0.0"] }
                service:
                  port: 8080
                  replicas: 2
                  cpu: 0.5
                  memory: 1GiB
                  healthCheck: { path: /health, interval: 10s, timeout: 5s, healthyThreshold: 2, unhealthyThreshold: 3, gracePeriod: 30s }
                  logging: { driver: awslogs, group: "/uniform/orders", retentionDays: 30 }
                  iam: { executionRole: "arn:aws:iam::123456789012:role/orders-execution" }
                targets:
                  - name: staging
                    type: fargate
                    region: %s
                    account: "123456789012"
                    cluster: %s
                    loadBalancer: { listenerArn: "%s", pathPattern: "/orders/*", priority: 120 }
                    network: { subnets: [subnet-0a1b2c3d], securityGroups: [sg-0a1b2c3d] }
                """.formatted(REGION, cluster, listenerArn));
        return file;
    }

    private UniformPipeline api(Path file) {
        return UniformPipeline.builder().pipelineFile(file).workingDirectory(dir).environment(env).build();
    }

    private static String listener(String lbName) {
        try (ElasticLoadBalancingV2Client elb = AwsClients.build(ElasticLoadBalancingV2Client.builder(),
                "ELASTIC_LOAD_BALANCING_V2", REGION, env)) {
            String lb = elb.createLoadBalancer(b -> b.name(lbName).subnets("subnet-0a1b2c3d"))
                    .loadBalancers().get(0).loadBalancerArn();
            return elb.createListener(b -> b.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                    .defaultActions(a -> a.type(ActionTypeEnum.FIXED_RESPONSE)
                            .fixedResponseConfig(f -> f.statusCode("404")))).listeners().get(0).listenerArn();
        }
    }

    private static Map<String, Plan.Change> changes(Plan plan) {
        return plan.targets().get(0).changes().stream()
                .collect(Collectors.toMap(c -> c.resource() + " " + c.name(), c -> c, (a, b) -> a));
    }

    private static Plan.Change only(Plan plan, String resource) {
        List<Plan.Change> found = plan.targets().get(0).changes().stream().filter(c -> c.resource().equals(resource)).toList();
        assertEquals(1, found.size(), resource + " in " + plan);
        return found.get(0);
    }

    @Test
    void firstPlanCreatesEverythingThenWhatAPreviousDeployMadeIsNoChangeOrAnUpdateWithTheDifferingFields()
            throws Exception {
        try (EcsClient ecs = AwsClients.build(EcsClient.builder(), "ECS", REGION, env)) {
            ecs.createCluster(b -> b.clusterName("plan-it"));
        }
        Path file = pipeline("plan-it", listener("plan-it-lb"));

        Plan first = api(file).plan();
        assertTrue(first.hasChanges());
        first.targets().get(0).changes().forEach(c -> assertEquals(Plan.Action.CREATE, c.action(), c.toString()));
        assertTrue(changes(first).keySet().stream().anyMatch(k -> k.startsWith("elbv2:ListenerRule")), first.toString());

        // what a previous deploy left: the rendered task definition, a target group with another health check
        // path, the log group with another retention
        Rendering rendering = api(file).render();
        String firstRevision;
        String taskDef = rendering.targets().get(0).documents().stream()
                .filter(d -> d.name().equals("ecs/register-task-definition.json")).findFirst().orElseThrow().content();
        try (EcsClient ecs = AwsClients.build(EcsClient.builder(), "ECS", REGION, env);
             ElasticLoadBalancingV2Client elb = AwsClients.build(ElasticLoadBalancingV2Client.builder(),
                     "ELASTIC_LOAD_BALANCING_V2", REGION, env);
             CloudWatchLogsClient logs = AwsClients.build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS", REGION, env)) {
            firstRevision = ecs.registerTaskDefinition(AwsJson.read(AwsJson.mapper().readTree(taskDef),
                    RegisterTaskDefinitionRequest.builder()).build()).taskDefinition().taskDefinitionArn();
            String tgName = only(first, "elbv2:TargetGroup").name();
            elb.createTargetGroup(b -> b.name(tgName).protocol(ProtocolEnum.HTTP).port(8080)
                    .vpcId("vpc-0000000000000000a").targetType("ip").healthCheckPath("/old-health"));
            logs.createLogGroup(b -> b.logGroupName("/uniform/orders"));
            logs.putRetentionPolicy(b -> b.logGroupName("/uniform/orders").retentionInDays(7));
        }

        Plan second = api(file).plan();

        Plan.Change taskDefinition = only(second, "ecs:TaskDefinition");
        assertEquals(Plan.Action.NO_CHANGE, taskDefinition.action(), taskDefinition.toString());
        Plan.Change targetGroup = only(second, "elbv2:TargetGroup");
        assertNotEquals(Plan.Action.CREATE, targetGroup.action(), targetGroup.toString());
        assertTrue(targetGroup.details().stream().anyMatch(d -> d.startsWith("HealthCheckPath: ")
                && d.contains("/old-health") && d.contains("/health")), targetGroup.toString());
        Plan.Change logGroup = only(second, "logs:LogGroup");
        assertEquals(Plan.Action.UPDATE, logGroup.action(), logGroup.toString());
        assertTrue(logGroup.details().stream().anyMatch(d -> d.startsWith("retentionInDays: 7 -> 30")), logGroup.toString());
        assertEquals(Plan.Action.CREATE, only(second, "ecs:Service").action());

        // a newer revision with another cpu: without a service it is the current one, so the plan shows the change
        try (EcsClient ecs = AwsClients.build(EcsClient.builder(), "ECS", REGION, env)) {
            var doc = (com.fasterxml.jackson.databind.node.ObjectNode) AwsJson.mapper().readTree(taskDef);
            doc.put("cpu", "1024");
            doc.put("memory", "2048");
            ecs.registerTaskDefinition(AwsJson.read(doc, RegisterTaskDefinitionRequest.builder()).build());
        }
        Plan.Change latest = only(api(file).plan(), "ecs:TaskDefinition");
        assertEquals(Plan.Action.UPDATE, latest.action(), latest.toString());
        assertTrue(latest.details().stream().anyMatch(d -> d.startsWith("cpu: ")), latest.toString());

        // once the service runs the first revision, that revision is the current one: no change
        try (EcsClient ecs = AwsClients.build(EcsClient.builder(), "ECS", REGION, env)) {
            ecs.createService(b -> b.cluster("plan-it").serviceName("orders").taskDefinition(firstRevision)
                    .desiredCount(0).launchType("FARGATE").networkConfiguration(n -> n.awsvpcConfiguration(
                            v -> v.subnets("subnet-0a1b2c3d").securityGroups("sg-0a1b2c3d"))));
        }
        Plan third = api(file).plan();
        Plan.Change running = only(third, "ecs:TaskDefinition");
        assertEquals(Plan.Action.NO_CHANGE, running.action(), running.toString());
        assertNotEquals(Plan.Action.CREATE, only(third, "ecs:Service").action());
    }

    @Test
    void aClusterThatDoesNotExistIsAnEnvironmentErrorNamingClusterAndTarget() throws Exception {
        Path file = pipeline("no-such-cluster", listener("plan-it-lb2"));
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> api(file).plan());
        assertTrue(e.getMessage().startsWith("ECS cluster 'no-such-cluster' of target 'staging' does not exist"),
                e.getMessage());
    }
}
