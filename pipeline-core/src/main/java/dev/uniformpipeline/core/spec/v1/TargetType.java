package dev.uniformpipeline.core.spec.v1;

/** Where a target runs: ECS on EC2 instances, ECS on Fargate, or Kubernetes on EKS. */
public enum TargetType implements YamlEnum {
    ECS_EC2("ecs-ec2"),
    FARGATE("fargate"),
    EKS("eks");

    private final String yaml;

    TargetType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
