package dev.uniformpipeline.core.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;

/** Stage 1: fetch the source at the wanted revision. */
public final class CheckoutStage implements Callable<CheckoutResult> {
    /** The work itself (JGit, in package source). */
    @FunctionalInterface
    public interface Work {
        CheckoutResult checkout(PipelineDefinition.SourceRef source, Path workingDirectory, StageContext ctx)
                throws Exception;
    }

    private final PipelineDefinition.SourceRef source;
    private final Path workingDirectory;
    private final Work work;
    private final StageContext ctx;

    public CheckoutStage(PipelineDefinition.SourceRef source, Path workingDirectory, Work work, StageContext ctx) {
        this.source = Objects.requireNonNull(source, "source");
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public CheckoutResult call() throws Exception {
        return Objects.requireNonNull(work.checkout(source, workingDirectory, ctx), "checkout result");
    }
}
