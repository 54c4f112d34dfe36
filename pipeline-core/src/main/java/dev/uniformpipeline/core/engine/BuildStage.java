package dev.uniformpipeline.core.engine;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Stage 2: turn the checked-out tree into an image (not yet pushed). The build and image settings, with tags
 * resolved, are in {@code source.pipeline()}.
 */
public final class BuildStage implements Callable<BuiltImage> {
    /** The work itself (jib-core, in package build). */
    @FunctionalInterface
    public interface Work {
        BuiltImage build(CheckedOut source, PipelineDefinition.ImageRef image, StageContext ctx) throws Exception;
    }

    private final CheckedOut source;
    private final PipelineDefinition.ImageRef image;
    private final Work work;
    private final StageContext ctx;

    public BuildStage(CheckedOut source, PipelineDefinition.ImageRef image, Work work, StageContext ctx) {
        this.source = Objects.requireNonNull(source, "source");
        this.image = Objects.requireNonNull(image, "image");
        this.work = Objects.requireNonNull(work, "work");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    @Override
    public BuiltImage call() throws Exception {
        return Objects.requireNonNull(work.build(source, image, ctx), "built image");
    }
}
