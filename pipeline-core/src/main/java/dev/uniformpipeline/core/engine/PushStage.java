package dev.uniformpipeline.core.engine;

import java.util.Objects;
import java.util.concurrent.Callable;

/** Stage 3: push the image and learn its digest. Skipped on a dry run. */
public final class PushStage implements Callable<PushedImage> {
    /** The work itself (OCI registry / ECR, in package registry); registry settings in {@code source.pipeline()}. */
    @FunctionalInterface
    public interface Work {
        PushedImage push(CheckedOut source, BuiltImage built, StageContext ctx) throws Exception;
    }

    private final CheckedOut source;
    private final BuiltImage built;
    private final Work work;
    private final StageContext ctx;

    public PushStage(CheckedOut source, BuiltImage built, Work work, StageContext ctx) {
        this.source = Objects.requireNonNull(source, "source");
        this.built = Objects.requireNonNull(built, "built");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public PushedImage call() throws Exception {
        return Objects.requireNonNull(work.push(source, built, ctx), "pushed image");
    }
}
