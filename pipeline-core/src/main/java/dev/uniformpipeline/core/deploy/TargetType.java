package dev.uniformpipeline.core.deploy;

import java.util.Arrays;
import java.util.Optional;

/** Where a target runs. A new type is a new package plus one line in {@link Renderer}. */
public enum TargetType {
    FARGATE("fargate"),
    ECS_EC2("ecs-ec2"),
    EKS("eks");

    private final String key;

    TargetType(String key) {
        this.key = key;
    }

    /** The name used in the pipeline file ({@code fargate}, {@code ecs-ec2}, {@code eks}). */
    public String key() {
        return key;
    }

    public boolean isEcs() {
        return this != EKS;
    }

    public static Optional<TargetType> fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}
