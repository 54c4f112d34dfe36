package dev.uniformpipeline.localcloud.elb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** local-cloud (front door + ElbService) with the real SDK v2 ELBv2 client pointed at it. */
final class LocalElb implements AutoCloseable {
    final LocalCloud cloud;
    final CloudClock clock;
    final ElbService elb;
    final ElasticLoadBalancingV2Client client;

    LocalElb(double factor) {
        cloud = LocalCloud.builder().clockFactor(factor).start();
        clock = cloud.clock();
        elb = cloud.service(ElbService.class);
        client = Sdk.client(ElasticLoadBalancingV2Client.builder(), cloud.endpoint());
    }

    LoadBalancer createAlb(String name) {
        return client.createLoadBalancer(r -> r.name(name).subnets("subnet-1", "subnet-2")).loadBalancers().get(0);
    }

    String createTargetGroup(String name, Consumer<CreateTargetGroupRequest.Builder> more) {
        CreateTargetGroupRequest.Builder b = CreateTargetGroupRequest.builder().name(name).protocol(ProtocolEnum.HTTP)
                .port(8080).vpcId("vpc-1").targetType(TargetTypeEnum.IP).healthCheckPath("/health")
                .healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2);
        more.accept(b);
        return client.createTargetGroup(b.build()).targetGroups().get(0).targetGroupArn();
    }

    String forwardListener(String lbArn, String tgArn) {
        return client.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn).build()))
                .listeners().get(0).listenerArn();
    }

    void register(String tgArn, int port) {
        client.registerTargets(r -> r.targetGroupArn(tgArn).targets(target(port)));
    }

    static TargetDescription target(int port) {
        return TargetDescription.builder().id("127.0.0.1").port(port).build();
    }

    TargetHealth health(String tgArn, int port) {
        return client.describeTargetHealth(r -> r.targetGroupArn(tgArn).targets(target(port)))
                .targetHealthDescriptions().get(0).targetHealth();
    }

    static String label(TargetHealth h) {
        return h.stateAsString() + "/" + h.reasonAsString();
    }

    /** Polls until the condition holds; fails after a generous wall-clock bound (never asserts on time). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A raw HTTP/1.1 GET so tests control the Host header; returns status line, headers and body. */
    static String rawGet(URI base, String path, String host) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        client.close();
        cloud.close();
    }
}
