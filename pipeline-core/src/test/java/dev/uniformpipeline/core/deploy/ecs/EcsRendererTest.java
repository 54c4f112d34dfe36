package dev.uniformpipeline.core.deploy.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.deploy.DeployTarget;
import dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer;
import dev.uniformpipeline.core.deploy.DeployTarget.Network;
import dev.uniformpipeline.core.deploy.DeployTarget.NetworkMode;
import dev.uniformpipeline.core.deploy.Fixtures;
import dev.uniformpipeline.core.deploy.Placeholders;
import dev.uniformpipeline.core.deploy.RenderInput;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.Renderer;
import dev.uniformpipeline.core.deploy.ServiceIntent;
import dev.uniformpipeline.core.deploy.ServiceIntent.EfsVolume;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Splunk;
import dev.uniformpipeline.core.deploy.TargetType;

class EcsRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:splunk-hec-Qw3rTy";

    private static RenderedTarget render(RenderInput in) throws InvalidPipelineException {
        return Renderer.standard().render(in);
    }

    private static JsonNode doc(RenderedTarget t, String name) throws Exception {
        return JSON.readTree(t.document(name));
    }

    private static JsonNode container(JsonNode taskDef, String name) {
        for (JsonNode c : taskDef.path("containerDefinitions")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + taskDef);
    }

    private static List<String> problemPaths(RenderInput in) {
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> render(in));
        return e.problems().stream().map(Problem::path).toList();
    }

    @Test
    void fireLensRouterIsEssentialAndStartsBeforeTheApplication() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder().logging(Logging.firelens("/uniform/orders")).build();
        JsonNode td = doc(render(Fixtures.input(Fixtures.fargate()).withService(s)), "ecs/register-task-definition.json");
        JsonNode router = td.path("containerDefinitions").get(0);
        assertEquals(EcsRenderer.LOG_ROUTER, router.path("name").asText(), "router comes first");
        assertTrue(router.path("essential").asBoolean());
        assertEquals("fluentbit", router.path("firelensConfiguration").path("type").asText());
        assertEquals("true", router.path("firelensConfiguration").path("options").path("enable-ecs-log-metadata").asText());
        assertEquals("awslogs", router.path("logConfiguration").path("logDriver").asText(), "router's own logs go to awslogs");
        assertEquals("orders-firelens", router.path("logConfiguration").path("options").path("awslogs-stream-prefix").asText());

        JsonNode app = container(td, "orders");
        assertEquals("awsfirelens", app.path("logConfiguration").path("logDriver").asText());
        JsonNode opts = app.path("logConfiguration").path("options");
        assertEquals("cloudwatch_logs", opts.path("Name").asText());
        assertEquals("/uniform/orders", opts.path("log_group_name").asText());
        assertEquals("eu-west-1", opts.path("region").asText());
        JsonNode dep = app.path("dependsOn").get(0);
        assertEquals(EcsRenderer.LOG_ROUTER, dep.path("containerName").asText());
        assertEquals("START", dep.path("condition").asText());
    }

    @Test
    void splunkTokenOnlyEverAppearsAsASecretOption() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder().logging(Logging.splunk(
                new Splunk("https://splunk.example.com:8088", TOKEN_ARN, "main", null, "orders:app", "json"))).build();
        RenderedTarget t = render(Fixtures.input(Fixtures.ecsEc2()).withService(s));
        JsonNode log = container(doc(t, "ecs/register-task-definition.json"), "orders").path("logConfiguration");
        assertEquals("splunk", log.path("logDriver").asText());
        assertEquals("https://splunk.example.com:8088", log.path("options").path("splunk-url").asText());
        assertEquals("main", log.path("options").path("splunk-index").asText());
        log.path("options").fieldNames().forEachRemaining(k -> assertFalse(k.contains("token"), k));
        assertEquals("splunk-token", log.path("secretOptions").get(0).path("name").asText());
        assertEquals(TOKEN_ARN, log.path("secretOptions").get(0).path("valueFrom").asText());
    }

    @Test
    void aSplunkTokenWrittenAsAPlainOptionIsRefusedNamingTheField() {
        ServiceIntent s = Fixtures.orders().toBuilder().logging(Logging.splunk(
                        new Splunk("https://splunk.example.com:8088", TOKEN_ARN, null, null, null, null))
                .withOptions(Map.of("splunk-token", "00000000-1111-2222-3333-444444444444"))).build();
        assertTrue(problemPaths(Fixtures.input(Fixtures.ecsEc2()).withService(s)).contains("service.logging.options.splunk-token"));
        ServiceIntent plainToken = Fixtures.orders().toBuilder().logging(Logging.splunk(
                new Splunk("https://splunk.example.com:8088", "00000000-1111-2222-3333-444444444444", null, null, null, null))).build();
        assertTrue(problemPaths(Fixtures.input(Fixtures.ecsEc2()).withService(plainToken)).contains("service.logging.splunk.token"));
    }

    @Test
    void awslogsAlwaysHasAStreamPrefixAndCreatesTheGroupOnlyWhenAsked() throws Exception {
        JsonNode opts = container(doc(render(Fixtures.input(Fixtures.fargate())), "ecs/register-task-definition.json"), "orders")
                .path("logConfiguration").path("options");
        assertEquals("orders", opts.path("awslogs-stream-prefix").asText());
        assertEquals("/uniform/orders", opts.path("awslogs-group").asText());
        assertEquals("eu-west-1", opts.path("awslogs-region").asText());
        assertFalse(opts.has("awslogs-create-group"));

        ServiceIntent create = Fixtures.orders().toBuilder().logging(Logging.awslogs("/uniform/orders").withCreateGroup(true)).build();
        RenderedTarget t = render(Fixtures.input(Fixtures.fargate()).withService(create));
        assertEquals("true", container(doc(t, "ecs/register-task-definition.json"), "orders")
                .path("logConfiguration").path("options").path("awslogs-create-group").asText());
        assertTrue(t.documents().containsKey("logs/create-log-group.json"), "the deployer still ensures the group with retention");
    }

    @Test
    void bridgeModeUsesDynamicHostPortsAndInstanceTargets() throws Exception {
        DeployTarget bridge = Fixtures.ecsEc2().toBuilder().network(new Network(NetworkMode.BRIDGE, List.of(), List.of(), false))
                .loadBalancer(LoadBalancer.rule("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/2", "/orders/*", "vpc-1"))
                .build();
        RenderedTarget t = render(Fixtures.input(bridge));
        JsonNode td = doc(t, "ecs/register-task-definition.json");
        assertEquals("bridge", td.path("networkMode").asText());
        assertEquals(0, container(td, "orders").path("portMappings").get(0).path("hostPort").asInt());
        assertEquals("instance", doc(t, "elbv2/create-target-group.json").path("TargetType").asText());
        assertFalse(doc(t, "ecs/create-service.json").has("networkConfiguration"));

        JsonNode awsvpc = doc(render(Fixtures.input(Fixtures.fargate())), "ecs/register-task-definition.json");
        assertEquals(8080, container(awsvpc, "orders").path("portMappings").get(0).path("hostPort").asInt());
    }

    @Test
    void fargateRefusesBridgeAndSizesItDoesNotSell() {
        DeployTarget bridge = Fixtures.fargate().toBuilder().network(new Network(NetworkMode.BRIDGE, List.of("s"), List.of(), false)).build();
        assertTrue(problemPaths(Fixtures.input(bridge)).contains("targets.staging.network.mode"));
        ServiceIntent odd = Fixtures.orders().toBuilder().cpu("0.5").memoryMiB(5000).build();
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> render(Fixtures.input(Fixtures.fargate()).withService(odd)));
        Problem p = e.problems().get(0);
        assertEquals("service.memory", p.path());
        assertTrue(p.hint().contains("nearest: 4096"), p.hint());
        // the same size is fine on EC2
        assertEquals(TargetType.ECS_EC2, assertDoesNotThrow(Fixtures.input(Fixtures.ecsEc2()).withService(odd)).type());
    }

    private static RenderedTarget assertDoesNotThrow(RenderInput in) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> render(in));
    }

    @Test
    void efsVolumesFollowTheTransitEncryptionRules() throws Exception {
        EfsVolume ap = new EfsVolume("data", "fs-0123456789abcdef0", null, "fsap-0123456789abcdef0", true, null, "/data", false);
        ServiceIntent s = Fixtures.orders().toBuilder().volume(ap).build();
        JsonNode td = doc(render(Fixtures.input(Fixtures.fargate()).withService(s)), "ecs/register-task-definition.json");
        JsonNode efs = td.path("volumes").get(0).path("efsVolumeConfiguration");
        assertEquals("ENABLED", efs.path("transitEncryption").asText());
        assertEquals("fsap-0123456789abcdef0", efs.path("authorizationConfig").path("accessPointId").asText());
        assertEquals("ENABLED", efs.path("authorizationConfig").path("iam").asText());
        assertFalse(efs.has("rootDirectory"));
        assertEquals("/data", container(td, "orders").path("mountPoints").get(0).path("containerPath").asText());

        EfsVolume noTls = new EfsVolume("data", "fs-0123456789abcdef0", null, "fsap-0123456789abcdef0", false, false, "/data", false);
        assertTrue(problemPaths(Fixtures.input(Fixtures.fargate()).withService(Fixtures.orders().toBuilder().volume(noTls).build()))
                .contains("service.volumes[0].transitEncryption"));
        EfsVolume rootWithAp = new EfsVolume("data", "fs-0123456789abcdef0", "/orders", "fsap-0123456789abcdef0", false, null, "/data", false);
        assertTrue(problemPaths(Fixtures.input(Fixtures.fargate()).withService(Fixtures.orders().toBuilder().volume(rootWithAp).build()))
                .contains("service.volumes[0].rootDirectory"));
        DeployTarget oldPlatform = Fixtures.fargate().toBuilder().platformVersion("1.3.0").build();
        assertTrue(problemPaths(Fixtures.input(oldPlatform).withService(s)).contains("targets.staging.platformVersion"));
    }

    @Test
    void capacityProviderStrategyAndLaunchTypeAreNeverBothSet() throws Exception {
        JsonNode withCp = doc(render(Fixtures.input(Fixtures.ecsEc2())), "ecs/create-service.json");
        assertFalse(withCp.has("launchType"));
        assertEquals("prod-asg", withCp.path("capacityProviderStrategy").get(0).path("capacityProvider").asText());
        DeployTarget plain = Fixtures.ecsEc2().toBuilder().capacityProviders(List.of()).build();
        JsonNode launch = doc(render(Fixtures.input(plain)), "ecs/create-service.json");
        assertEquals("EC2", launch.path("launchType").asText());
        assertFalse(launch.has("capacityProviderStrategy"));
        JsonNode fargate = doc(render(Fixtures.input(Fixtures.fargate())), "ecs/create-service.json");
        assertEquals("FARGATE", fargate.path("launchType").asText());

        DeployTarget wrong = Fixtures.fargate().toBuilder().capacityProvider("prod-asg", 0, 1).build();
        assertTrue(problemPaths(Fixtures.input(wrong)).contains("targets.staging.capacityProviders"));
        DeployTarget spot = Fixtures.fargate().toBuilder().capacityProvider("FARGATE", 1, 1).capacityProvider("FARGATE_SPOT", 0, 3).build();
        JsonNode spotSvc = doc(render(Fixtures.input(spot)), "ecs/create-service.json");
        assertEquals(2, spotSvc.path("capacityProviderStrategy").size());
        assertFalse(spotSvc.has("launchType"));
        DeployTarget allZero = Fixtures.ecsEc2().toBuilder().capacityProviders(List.of(new DeployTarget.CapacityProvider("a", 0, 0))).build();
        assertTrue(problemPaths(Fixtures.input(allZero)).contains("targets.prod-ec2.capacityProviders"));
    }

    @Test
    void rolloutBecomesDeploymentConfigurationWithCircuitBreaker() throws Exception {
        JsonNode dc = doc(render(Fixtures.input(Fixtures.fargate())), "ecs/create-service.json").path("deploymentConfiguration");
        assertEquals(200, dc.path("maximumPercent").asInt());
        assertEquals(100, dc.path("minimumHealthyPercent").asInt());
        assertTrue(dc.path("deploymentCircuitBreaker").path("enable").asBoolean());
        assertTrue(dc.path("deploymentCircuitBreaker").path("rollback").asBoolean());
        RenderInput manual = Fixtures.input(Fixtures.fargate()).withRollout(
                dev.uniformpipeline.core.deploy.RolloutIntent.rolling("100%", "0%", Duration.ofMinutes(10),
                        dev.uniformpipeline.core.deploy.RolloutIntent.Rollback.NONE));
        JsonNode cb = doc(render(manual), "ecs/create-service.json").path("deploymentConfiguration").path("deploymentCircuitBreaker");
        assertTrue(cb.path("enable").asBoolean(), "the breaker still stops a failing rollout");
        assertFalse(cb.path("rollback").asBoolean());
    }

    @Test
    void updateLeavesTheDesiredCountToTheAutoscaler() throws Exception {
        assertFalse(doc(render(Fixtures.input(Fixtures.fargate())), "ecs/update-service.json").has("desiredCount"));
        ServiceIntent fixed = Fixtures.orders().toBuilder().autoscaling(null).build();
        assertEquals(2, doc(render(Fixtures.input(Fixtures.fargate()).withService(fixed)), "ecs/update-service.json")
                .path("desiredCount").asInt());
    }

    @Test
    void gracePeriodIsOnlySentWithALoadBalancer() throws Exception {
        assertEquals(30, doc(render(Fixtures.input(Fixtures.fargate())), "ecs/create-service.json")
                .path("healthCheckGracePeriodSeconds").asInt());
        DeployTarget noLb = Fixtures.fargate().toBuilder().loadBalancer(null).build();
        assertTrue(problemPaths(Fixtures.input(noLb)).contains("service.healthCheck.command"),
                "without a load balancer or a container check, nothing on ECS would check the health path");
        ServiceIntent withCheck = Fixtures.orders().toBuilder().healthCheck(Fixtures.orders().healthCheck()
                .withCommand(List.of("CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"))).build();
        RenderedTarget t = render(Fixtures.input(noLb).withService(withCheck));
        assertFalse(doc(t, "ecs/create-service.json").has("healthCheckGracePeriodSeconds"));
        assertFalse(t.documents().keySet().stream().anyMatch(k -> k.startsWith("elbv2/")));
    }

    @Test
    void targetGroupGetsTheHealthGateAndAShortDeregistrationDelay() throws Exception {
        RenderedTarget t = render(Fixtures.input(Fixtures.fargate()));
        JsonNode tg = doc(t, "elbv2/modify-target-group.json");
        assertEquals("/health", tg.path("HealthCheckPath").asText());
        assertEquals(10, tg.path("HealthCheckIntervalSeconds").asInt());
        assertEquals(5, tg.path("HealthCheckTimeoutSeconds").asInt());
        assertEquals(2, tg.path("HealthyThresholdCount").asInt());
        assertEquals(3, tg.path("UnhealthyThresholdCount").asInt());
        assertEquals("200-399", tg.path("Matcher").path("HttpCode").asText());
        JsonNode attr = doc(t, "elbv2/modify-target-group-attributes.json").path("Attributes").get(0);
        assertEquals("deregistration_delay.timeout_seconds", attr.path("Key").asText());
        assertEquals("30", attr.path("Value").asText());

        DeployTarget custom = Fixtures.fargate().toBuilder()
                .loadBalancer(LoadBalancer.existing(Fixtures.TG_ARN).withDeregistrationDelay(Duration.ofSeconds(5))).build();
        assertEquals("5", doc(render(Fixtures.input(custom)), "elbv2/modify-target-group-attributes.json")
                .path("Attributes").get(0).path("Value").asText());
    }

    @Test
    void newTargetGroupNameFitsTheElbLimitAndTheServiceWaitsForItsArn() throws Exception {
        ServiceIntent longName = Fixtures.orders().toBuilder().name("order-fulfilment-notifications").build();
        DeployTarget t = Fixtures.fargate().toBuilder().loadBalancer(LoadBalancer.rule(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/1/2", "/orders/*", "vpc-1")).build();
        RenderedTarget r = render(Fixtures.input(t).withService(longName));
        String name = doc(r, "elbv2/create-target-group.json").path("Name").asText();
        assertTrue(name.length() <= 32 && name.matches("[A-Za-z0-9-]+") && !name.endsWith("-"), name);
        assertEquals("ip", doc(r, "elbv2/create-target-group.json").path("TargetType").asText());
        String arn = doc(r, "ecs/create-service.json").path("loadBalancers").get(0).path("targetGroupArn").asText();
        assertEquals("{{elbv2:TargetGroup/" + name + ".arn}}", arn);
        JsonNode rule = doc(r, "elbv2/create-rule.json");
        assertEquals("path-pattern", rule.path("Conditions").get(0).path("Field").asText());
        assertEquals(arn, rule.path("Actions").get(0).path("TargetGroupArn").asText());
    }

    @Test
    void containerHealthCheckOnlyWhenACommandIsGiven() throws Exception {
        assertFalse(container(doc(render(Fixtures.input(Fixtures.fargate())), "ecs/register-task-definition.json"), "orders")
                .has("healthCheck"));
        ServiceIntent s = Fixtures.orders().toBuilder().healthCheck(Fixtures.orders().healthCheck()
                .withCommand(List.of("CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"))).build();
        JsonNode hc = container(doc(render(Fixtures.input(Fixtures.fargate()).withService(s)), "ecs/register-task-definition.json"),
                "orders").path("healthCheck");
        assertEquals("CMD-SHELL", hc.path("command").get(0).asText());
        assertEquals(10, hc.path("interval").asInt());
        assertEquals(3, hc.path("retries").asInt());
        assertEquals(30, hc.path("startPeriod").asInt());
    }

    @Test
    void secretsNeedAnExecutionRoleAndAFullArn() {
        ServiceIntent noExec = Fixtures.orders().toBuilder().iam(new ServiceIntent.Iam("arn:aws:iam::1:role/t", null)).build();
        assertTrue(problemPaths(Fixtures.input(Fixtures.ecsEc2()).withService(noExec)).contains("service.iam.executionRole"));
        ServiceIntent bare = Fixtures.orders().toBuilder().secret("API_KEY", "api-key").build();
        assertTrue(problemPaths(Fixtures.input(Fixtures.ecsEc2()).withService(bare)).contains("service.secrets.API_KEY"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ServiceIntent bad = Fixtures.orders().toBuilder().cpu("0.1").port(0)
                .healthCheck(HealthCheck.http("health").withTimings(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 3, null))
                .build();
        List<String> paths = problemPaths(Fixtures.input(Fixtures.fargate()).withService(bad));
        assertTrue(paths.containsAll(List.of("service.cpu", "service.port", "service.healthCheck.path",
                "service.healthCheck.timeout", "service.healthCheck.healthyThreshold")), paths.toString());
    }

    @Test
    void sidecarsGetPortsAndStartOrderAndHostVolumesStayOffFargate() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder()
                .sidecar(new ServiceIntent.Sidecar("envoy", "envoy:v1", null, 128, null, true, false, List.of(9901),
                        List.of(new ServiceIntent.Dependency("orders", "START"))))
                .scratchVolume(new ServiceIntent.ScratchVolume("scratch", "/var/tmp/x", false, "/mnt/x", null))
                .build();
        DeployTarget bridge = Fixtures.ecsEc2().toBuilder().network(new Network(NetworkMode.BRIDGE, List.of(), List.of(), false)).build();
        JsonNode td = doc(render(Fixtures.input(bridge).withService(s)), "ecs/register-task-definition.json");
        JsonNode envoy = container(td, "envoy");
        assertEquals(9901, envoy.path("portMappings").get(0).path("containerPort").asInt());
        assertEquals(0, envoy.path("portMappings").get(0).path("hostPort").asInt());
        assertEquals("orders", envoy.path("dependsOn").get(0).path("containerName").asText());
        assertEquals("/mnt/x", td.path("volumes").get(0).path("host").path("sourcePath").asText());
        assertTrue(problemPaths(Fixtures.input(Fixtures.fargate()).withService(s)).contains("service.volumes[0].host"));
        ServiceIntent unknown = Fixtures.orders().toBuilder().sidecar(new ServiceIntent.Sidecar("envoy", "envoy:v1", null, null, null,
                true, false, List.of(), List.of(new ServiceIntent.Dependency("web", "START")))).build();
        assertTrue(problemPaths(Fixtures.input(Fixtures.ecsEc2()).withService(unknown)).contains("service.sidecars[0].dependsOn"));
    }

    @Test
    void requestsPerTargetScalesOnTheTargetGroupsAlbMetric() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder().autoscaling(new ServiceIntent.Autoscaling(2, 10, null, null, null, null, 500)).build();
        JsonNode pol = doc(render(Fixtures.input(Fixtures.fargate()).withService(s)), "application-autoscaling/put-scaling-policy-requests.json")
                .path("TargetTrackingScalingPolicyConfiguration");
        assertEquals("ALBRequestCountPerTarget", pol.path("PredefinedMetricSpecification").path("PredefinedMetricType").asText());
        assertEquals(Placeholders.targetGroupResourceLabel(Fixtures.TG_ARN),
                pol.path("PredefinedMetricSpecification").path("ResourceLabel").asText());
        assertEquals(500.0, pol.path("TargetValue").asDouble());
        DeployTarget noLb = Fixtures.fargate().toBuilder().loadBalancer(null).build();
        assertTrue(problemPaths(Fixtures.input(noLb).withService(s)).contains("service.autoscaling.requestsPerTarget"));
    }

    @Test
    void networkLoadBalancersGetATcpTargetGroupCheckedOverHttp() throws Exception {
        DeployTarget nlbRule = Fixtures.ecsEc2().toBuilder().loadBalancer(new LoadBalancer(null,
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/net/n/1/2", "/x", null, null, "vpc-1", null, true)).build();
        assertTrue(problemPaths(Fixtures.input(nlbRule)).contains("targets.prod-ec2.loadBalancer.listenerArn"));
        DeployTarget nlb = Fixtures.ecsEc2().toBuilder().loadBalancer(new LoadBalancer(Fixtures.TG_ARN, null, null, null, null, null,
                null, true)).build();
        JsonNode tg = doc(render(Fixtures.input(nlb)), "elbv2/modify-target-group.json");
        assertEquals("HTTP", tg.path("HealthCheckProtocol").asText());
        assertEquals("/health", tg.path("HealthCheckPath").asText());
    }

    @Test
    void rolloutThatCanNeverProgressIsRefused() {
        RenderInput in = Fixtures.input(Fixtures.fargate()).withRollout(dev.uniformpipeline.core.deploy.RolloutIntent.rolling(
                "0%", "0%", Duration.ofMinutes(10), dev.uniformpipeline.core.deploy.RolloutIntent.Rollback.AUTO));
        assertTrue(problemPaths(in).contains("rollout.maxSurge"));
    }
}
