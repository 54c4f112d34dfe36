package dev.uniformpipeline.core.engine;

import java.util.Objects;

/**
 * Output of {@link DeployStage} for one target: the rollout that was started.
 *
 * @param id          the platform's id for it (ECS deployment id, Kubernetes Deployment revision)
 * @param description one line for logs and reports
 */
public record Deployment(String target, String id, String description) {
    public Deployment {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
    }
}
