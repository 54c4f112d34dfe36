package dev.uniformpipeline.core.engine;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The deploy stage of a rollback run, for its one target: put the revision the target ran before the current one
 * back in service. Verify follows as after any deploy.
 */
public final class RollbackStage implements Callable<Deployment> {
    /** The work itself (a Deployer per target type, in package deploy). */
    @FunctionalInterface
    public interface Work {
        Deployment rollback(CheckedOut source, PipelineDefinition.TargetRef target, StageContext ctx) throws Exception;
    }

    private final CheckedOut source;
    private final PipelineDefinition.TargetRef target;
    private final Work work;
    private final StageContext ctx;

    public RollbackStage(CheckedOut source, PipelineDefinition.TargetRef target, Work work, StageContext ctx) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public Deployment call() throws Exception {
        return Objects.requireNonNull(work.rollback(source, target, ctx), "deployment");
    }
}
