package dev.uniformpipeline.core.engine;

import java.util.Objects;
import java.util.concurrent.Callable;

/** Stage 5, once per target, right after that target's deploy: wait for the verdict; roll back on failure. */
public final class VerifyStage implements Callable<Verdict> {
    /** The work itself (the health gate, in package health). */
    @FunctionalInterface
    public interface Work {
        Verdict verify(PipelineDefinition.TargetRef target, Deployment deployment, StageContext ctx) throws Exception;
    }

    private final PipelineDefinition.TargetRef target;
    private final Deployment deployment;
    private final Work work;
    private final StageContext ctx;

    public VerifyStage(PipelineDefinition.TargetRef target, Deployment deployment, Work work, StageContext ctx) {
        this.target = Objects.requireNonNull(target, "target");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public Verdict call() throws Exception {
        return Objects.requireNonNull(work.verify(target, deployment, ctx), "verdict");
    }
}
