package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.ScaledClock;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.TargetRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The control plane called directly with awsQuery's flat parameters (no load balancer, so no ports). */
class ElbServiceTest {
    private static final RequestContext CTX = new RequestContext("eu-west-1", "123456789012", "AKID", "req-1");
    private final ElbService elb = ElbService.builder(new ScaledClock(1)).build();

    @AfterEach
    void close() {
        elb.close();
    }

    private String call(String action, String... kv) throws AwsException {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return elb.call(action, p, CTX);
    }

    private AwsException fails(String action, String... kv) {
        return assertThrows(AwsException.class, () -> call(action, kv));
    }

    private String createGroup(String name) throws AwsException {
        String xml = call("CreateTargetGroup", "Name", name, "Protocol", "HTTP", "Port", "80", "VpcId", "vpc-1",
                "TargetType", "ip");
        return xml.substring(xml.indexOf("<TargetGroupArn>") + 16, xml.indexOf("</TargetGroupArn>"));
    }

    @Test
    void healthCheckSettingsOutsideAwsRangesAreValidationErrorsNamingTheMember() {
        AwsException e = fails("CreateTargetGroup", "Name", "tg", "Protocol", "HTTP", "Port", "80",
                "HealthCheckIntervalSeconds", "4");
        assertEquals("ValidationError", e.code());
        assertEquals(400, e.httpStatus());
        assertTrue(e.sender());
        assertEquals("1 validation error detected: Value '4' at 'healthCheckIntervalSeconds' failed to satisfy "
                + "constraint: Member must have value greater than or equal to 5", e.getMessage());
        assertEquals("ValidationError", fails("CreateTargetGroup", "Name", "tg", "Protocol", "HTTP", "Port", "80",
                "HealthyThresholdCount", "11").code());
        assertEquals("ValidationError", fails("CreateTargetGroup", "Name", "tg", "Protocol", "HTTP", "Port", "80",
                "Matcher.HttpCode", "600").code());
        assertEquals("ValidationError", fails("CreateTargetGroup", "Name", "-tg", "Protocol", "HTTP", "Port", "80")
                .code());
        assertEquals("ValidationError", fails("CreateTargetGroup", "Name", "tg", "Protocol", "HTTP").code());
    }

    @Test
    void targetGroupNamesAreUniqueUnlessTheSettingsAreTheSame() throws AwsException {
        String arn = createGroup("orders");
        assertTrue(arn.matches("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders/[0-9a-f]{16}"),
                arn);
        assertEquals(arn, createGroup("orders"));
        AwsException e = fails("CreateTargetGroup", "Name", "orders", "Protocol", "HTTP", "Port", "81",
                "VpcId", "vpc-1", "TargetType", "ip");
        assertEquals("DuplicateTargetGroupName", e.code());
    }

    @Test
    void attributesHaveAwsDefaultsAndRanges() throws AwsException {
        String arn = createGroup("attrs");
        String xml = call("DescribeTargetGroupAttributes", "TargetGroupArn", arn);
        assertTrue(xml.contains("<Key>deregistration_delay.timeout_seconds</Key><Value>300</Value>"), xml);
        assertEquals("InvalidConfigurationRequest", fails("ModifyTargetGroupAttributes", "TargetGroupArn", arn,
                "Attributes.member.1.Key", "deregistration_delay.timeout_seconds",
                "Attributes.member.1.Value", "3601").code());
        assertEquals("InvalidConfigurationRequest", fails("ModifyTargetGroupAttributes", "TargetGroupArn", arn,
                "Attributes.member.1.Key", "slow_start.duration_seconds", "Attributes.member.1.Value", "10").code());
        call("ModifyTargetGroupAttributes", "TargetGroupArn", arn, "Attributes.member.1.Key",
                "deregistration_delay.timeout_seconds", "Attributes.member.1.Value", "0");
        assertEquals(0, elb.targetGroup(arn).orElseThrow().deregistrationDelaySeconds());
    }

    @Test
    void registryReportsTargetsOfAGroupWithoutListenerAsNotInUse() throws AwsException {
        String arn = createGroup("registry");
        elb.register(arn, "10.0.0.5", 8080);
        TargetRegistry.TargetHealth h = elb.health(arn, "10.0.0.5", 8080);
        assertEquals(new TargetRegistry.TargetHealth("unused", "Target.NotInUse",
                "Target group is not configured to receive traffic from the load balancer"), h);
        assertEquals("unused", elb.health(arn, "10.0.0.6", 8080).state());
        assertEquals("Target.NotRegistered", elb.health(arn, "10.0.0.6", 8080).reason());
        assertEquals("InvalidTarget", assertThrows(AwsException.class,
                () -> elb.register(arn, "not-an-ip", 8080)).code());
        assertEquals("InvalidTarget", assertThrows(AwsException.class,
                () -> elb.deregister(arn, "10.0.0.9", 8080)).code());
        elb.deregister(arn, "10.0.0.5", 8080);
        assertEquals("draining", elb.health(arn, "10.0.0.5", 8080).state());
        assertEquals(false, elb.targetGroup(arn).orElseThrow().attachedToLoadBalancer());
        assertEquals("TargetGroupNotFound", assertThrows(AwsException.class,
                () -> elb.health(arn + "0", "10.0.0.5", 8080)).code());
    }

    @Test
    void unknownActionsAndClassicLoadBalancersAreRejected() {
        assertEquals("InvalidAction", fails("CreateLoadBalancerListeners").code());
        AwsException classic = fails("CreateLoadBalancer", "Name", "old", "Type", "classic");
        assertEquals("ValidationError", classic.code());
        assertEquals("InvalidConfigurationRequest", fails("CreateLoadBalancer", "Name", "gw", "Type", "gateway")
                .code());
        assertEquals("LoadBalancerNotFound", fails("DescribeLoadBalancers", "Names.member.1", "missing").code());
    }
}
