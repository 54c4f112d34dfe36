package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.ResolvedPipeline;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Stage 1: fetch the source at the wanted revision, then resolve the pipeline's {@code ${git.*}} and
 * {@code ${target.*}} variables against it (a variable that cannot be resolved fails this stage as invalid input).
 */
public final class CheckoutStage implements Callable<CheckedOut> {
    /** The work itself (JGit, in package source). {@code pipeline.source()} says what; the spec has auth, depth. */
    @FunctionalInterface
    public interface Work {
        CheckoutResult checkout(PipelineDefinition pipeline, Path workingDirectory, StageContext ctx) throws Exception;
    }

    private final PipelineDefinition pipeline;
    private final Path workingDirectory;
    private final Work work;
    private final StageContext ctx;

    public CheckoutStage(PipelineDefinition pipeline, Path workingDirectory, Work work, StageContext ctx) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public CheckedOut call() throws Exception {
        CheckoutResult source = Objects.requireNonNull(work.checkout(pipeline, workingDirectory, ctx),
                "checkout result");
        Optional<ResolvedPipeline> resolved = Optional.empty();
        if (pipeline.spec() != null) {
            resolved = Optional.of(pipeline.spec().resolve(new GitInfo(source.revision(),
                    source.branch().orElse(null), source.tag().orElse(null), source.author().orElse(null),
                    source.commitTime().orElse(null))));
        }
        return new CheckedOut(source, resolved);
    }
}
