package dev.uniformpipeline.localcloud.elb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** An NLB: TCP target group with TCP health checks (connect), TCP listener relaying bytes to a target. */
class NetworkLoadBalancerIT {

    @Test
    void tcpListenerRelaysConnectionsToATargetThatPassedTcpHealthChecks() throws Exception {
        try (TargetServer app = new TargetServer("nlb-app"); LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.client.createLoadBalancer(r -> r.name("tcp").type(LoadBalancerTypeEnum.NETWORK))
                    .loadBalancers().get(0);
            assertTrue(lb.loadBalancerArn().contains(":loadbalancer/net/tcp/"), lb.loadBalancerArn());
            TargetGroup tg = env.client.createTargetGroup(r -> r.name("tcp").protocol(ProtocolEnum.TCP).port(80)
                    .vpcId("vpc-1").targetType("ip").healthCheckIntervalSeconds(10)).targetGroups().get(0);
            assertEquals("TCP", tg.healthCheckProtocolAsString());
            assertEquals(10, tg.healthCheckTimeoutSeconds(), "NLB TCP default timeout");
            ElasticLoadBalancingV2Exception alb = org.junit.jupiter.api.Assertions.assertThrows(
                    ElasticLoadBalancingV2Exception.class, () -> env.client.createListener(r -> r
                            .loadBalancerArn(lb.loadBalancerArn()).protocol(ProtocolEnum.HTTP).port(80)
                            .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD)
                                    .targetGroupArn(tg.targetGroupArn()).build())));
            assertEquals("ValidationError", alb.awsErrorDetails().errorCode());
            env.client.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn()).protocol(ProtocolEnum.TCP).port(80)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg.targetGroupArn())
                            .build()));
            env.register(tg.targetGroupArn(), app.port());
            LocalElb.await("healthy", () -> env.health(tg.targetGroupArn(), app.port()).stateAsString()
                    .equals("healthy"));
            assertEquals(0, app.healthChecks.get(), "TCP checks connect only; they send no HTTP request");

            String response = LocalElb.rawGet(URI.create("http://" + lb.dnsName()), "/through-nlb", "x");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("nlb-app /through-nlb"), response);
        }
    }
}
