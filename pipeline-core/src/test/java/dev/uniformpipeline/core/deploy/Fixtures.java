package dev.uniformpipeline.core.deploy;

import java.time.Duration;
import java.util.List;

import dev.uniformpipeline.core.deploy.DeployTarget.LoadBalancer;
import dev.uniformpipeline.core.deploy.DeployTarget.Network;
import dev.uniformpipeline.core.deploy.DeployTarget.NetworkMode;
import dev.uniformpipeline.core.deploy.ServiceIntent.Autoscaling;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.ServiceIntent.Iam;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;

/** A realistic intent (the design guide's "orders" service) and one target of each type. */
public final class Fixtures {
    public static final String DIGEST = "sha256:" + "3f".repeat(32);
    public static final ImageRef IMAGE = new ImageRef("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders", DIGEST);
    public static final String REVISION = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    public static final String DB_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf";
    public static final String TG_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders/0123456789abcdef";

    private Fixtures() {
    }

    public static ServiceIntent orders() {
        return ServiceIntent.builder()
                .name("orders")
                .port(8080)
                .replicas(2)
                .cpu("0.5")
                .memoryMiB(1024)
                .env("SPRING_PROFILES_ACTIVE", "prod")
                .env("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75")
                .secret("DB_PASSWORD", DB_SECRET)
                .secret("DB_USER", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-login-XyZ123:username::")
                .healthCheck(HealthCheck.http("/health").withTimings(Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 3,
                        Duration.ofSeconds(30)))
                .logging(Logging.awslogs("/uniform/orders").withRetentionDays(30))
                .autoscaling(Autoscaling.cpu(2, 10, 60))
                .iam(new Iam("arn:aws:iam::123456789012:role/orders-task", "arn:aws:iam::123456789012:role/orders-exec"))
                .stopTimeout(Duration.ofSeconds(30))
                .build();
    }

    public static RolloutIntent rollout() {
        return RolloutIntent.rolling("100%", "0%", Duration.ofMinutes(10), RolloutIntent.Rollback.AUTO);
    }

    public static DeployTarget fargate() {
        return DeployTarget.builder("staging", TargetType.FARGATE).region("eu-west-1").cluster("staging")
                .awsvpc(List.of("subnet-0aaa", "subnet-0bbb"), List.of("sg-0ccc"))
                .loadBalancer(LoadBalancer.existing(TG_ARN))
                .build();
    }

    public static DeployTarget ecsEc2() {
        return DeployTarget.builder("prod-ec2", TargetType.ECS_EC2).region("eu-west-1").cluster("prod")
                .capacityProvider("prod-asg", 0, 1)
                .network(new Network(NetworkMode.AWSVPC, List.of("subnet-0aaa", "subnet-0bbb"), List.of("sg-0ccc"), false))
                .loadBalancer(LoadBalancer.existing(TG_ARN))
                .build();
    }

    public static DeployTarget eks() {
        return DeployTarget.builder("prod-eks", TargetType.EKS).region("eu-west-1").cluster("prod-eks").namespace("orders")
                .loadBalancer(LoadBalancer.existing(TG_ARN))
                .build();
    }

    public static RenderInput input(DeployTarget target) {
        return new RenderInput(orders(), rollout(), target, IMAGE, REVISION, "pipeline.yaml");
    }
}
