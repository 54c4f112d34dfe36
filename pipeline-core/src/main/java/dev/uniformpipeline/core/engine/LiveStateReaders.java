package dev.uniformpipeline.core.engine;

import java.util.Map;

import dev.uniformpipeline.core.api.EnvironmentException;
import dev.uniformpipeline.core.deploy.ecs.EcsCurrentState;
import dev.uniformpipeline.core.deploy.eks.EksCurrentState;
import dev.uniformpipeline.core.deploy.plan.LiveStateException;
import dev.uniformpipeline.core.spec.v1.TargetSpec;

/** The live-state reader for each target type: one line per type. Readers only describe/GET. */
final class LiveStateReaders {
    private LiveStateReaders() {
    }

    /** A reader whose clients are configured from the run's environment map. */
    static LiveStateReader forEnvironment(Map<String, String> env) {
        return target -> {
            TargetSpec t = target.target();
            try {
                return switch (t.type()) {
                    case ECS_EC2, FARGATE -> EcsCurrentState.open(t.name(), t.cluster(), target.serviceName(), t.region(), env);
                    case EKS -> EksCurrentState.open(t.name(), t.cluster(), env);
                };
            } catch (LiveStateException e) {
                throw new EnvironmentException(e.getMessage(), e);
            }
        };
    }
}
