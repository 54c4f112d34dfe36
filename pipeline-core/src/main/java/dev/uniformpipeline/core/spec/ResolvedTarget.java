package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.v1.ImageSpec;
import dev.uniformpipeline.core.spec.v1.RolloutSpec;
import dev.uniformpipeline.core.spec.v1.ServiceSpec;
import dev.uniformpipeline.core.spec.v1.TargetSpec;
import dev.uniformpipeline.core.spec.v1.TargetType;

/**
 * Everything a deployer needs for one target, with every variable ({@code ${git.*}}, {@code ${env.*}},
 * {@code ${target.*}}) substituted and validated.
 *
 * @param pipelineName the pipeline's {@code name}
 * @param image        the image settings (tags resolved)
 * @param rollout      the rollout settings
 * @param target       the target; {@link TargetSpec#service()} is the effective service for this target
 */
public record ResolvedTarget(String pipelineName, ImageSpec image, RolloutSpec rollout, TargetSpec target) {
    /** The target's name. */
    public String name() {
        return target.name();
    }

    /** The target's type. */
    public TargetType type() {
        return target.type();
    }

    /** The effective service for this target (top-level service merged with the target's overrides). */
    public ServiceSpec service() {
        return target.service();
    }

    /** The ECS service / Kubernetes Deployment name: {@code serviceName} or the pipeline name. */
    public String serviceName() {
        return target.serviceName() != null ? target.serviceName() : pipelineName;
    }
}
