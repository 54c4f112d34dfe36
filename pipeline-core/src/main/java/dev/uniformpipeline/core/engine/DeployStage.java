package dev.uniformpipeline.core.engine;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Stage 4, once per target (targets in parallel): start the rollout of the pushed digest. The resolved target
 * (service intent, rollout, network) is {@code source.pipeline().get().target(target.name())}.
 */
public final class DeployStage implements Callable<Deployment> {
    /** The work itself (a Deployer per target type, in package deploy). */
    @FunctionalInterface
    public interface Work {
        Deployment deploy(CheckedOut source, PipelineDefinition.TargetRef target, PushedImage image, StageContext ctx)
                throws Exception;
    }

    private final CheckedOut source;
    private final PipelineDefinition.TargetRef target;
    private final PushedImage image;
    private final Work work;
    private final StageContext ctx;

    public DeployStage(CheckedOut source, PipelineDefinition.TargetRef target, PushedImage image, Work work,
                       StageContext ctx) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.image = Objects.requireNonNull(image, "image");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public Deployment call() throws Exception {
        return Objects.requireNonNull(work.deploy(source, target, image, ctx), "deployment");
    }
}
