package dev.uniformpipeline.core.engine;

import java.util.Objects;
import java.util.concurrent.Callable;

/** Stage 2: turn the checked-out tree into an image (not yet pushed). */
public final class BuildStage implements Callable<BuiltImage> {
    /** The work itself (jib-core, in package build). */
    @FunctionalInterface
    public interface Work {
        BuiltImage build(CheckoutResult checkout, PipelineDefinition.ImageRef image, StageContext ctx)
                throws Exception;
    }

    private final CheckoutResult checkout;
    private final PipelineDefinition.ImageRef image;
    private final Work work;
    private final StageContext ctx;

    public BuildStage(CheckoutResult checkout, PipelineDefinition.ImageRef image, Work work, StageContext ctx) {
        this.checkout = Objects.requireNonNull(checkout, "checkout");
        this.image = Objects.requireNonNull(image, "image");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public BuiltImage call() throws Exception {
        return Objects.requireNonNull(work.build(checkout, image, ctx), "built image");
    }
}
