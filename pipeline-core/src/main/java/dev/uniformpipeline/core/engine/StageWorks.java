package dev.uniformpipeline.core.engine;

import java.util.Objects;

/**
 * The work behind each stage. Package-private seam: the runner gets {@link #standard()}; tests inject doubles.
 * Later issues replace the not-implemented entries in {@link #standard()} with the real implementations.
 */
record StageWorks(CheckoutStage.Work checkout, BuildStage.Work build, PushStage.Work push, DeployStage.Work deploy,
                  VerifyStage.Work verify, RollbackStage.Work rollback, PerRun perRun) {
    /** Makes run-scoped work (checkout, build and push of one run share the revision and the prepared image). */
    @FunctionalInterface
    interface PerRun {
        StageWorks bind(PipelineDefinition pipeline, RunRequest request);
    }

    StageWorks(CheckoutStage.Work checkout, BuildStage.Work build, PushStage.Work push, DeployStage.Work deploy,
               VerifyStage.Work verify) {
        this(checkout, build, push, deploy, verify, NotImplemented.ROLLBACK, null);
    }

    StageWorks(CheckoutStage.Work checkout, BuildStage.Work build, PushStage.Work push, DeployStage.Work deploy,
               VerifyStage.Work verify, PerRun perRun) {
        this(checkout, build, push, deploy, verify, NotImplemented.ROLLBACK, perRun);
    }

    /** The work for one run: {@link #perRun} bound to it, or this when the work is not run-scoped. */
    StageWorks forRun(PipelineDefinition pipeline, RunRequest request) {
        return perRun == null ? this : perRun.bind(pipeline, request);
    }

    StageWorks {
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(push, "push");
        Objects.requireNonNull(deploy, "deploy");
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(rollback, "rollback");
    }

    static StageWorks standard() {
        return new StageWorks(NotImplemented.CHECKOUT, NotImplemented.BUILD, NotImplemented.PUSH,
                NotImplemented.DEPLOY, NotImplemented.VERIFY, (pipeline, request) -> {
                    ImageStageWorks image = new ImageStageWorks(pipeline, request);
                    return new StageWorks(image::checkout, image::build, image::push, NotImplemented.DEPLOY,
                            NotImplemented.VERIFY);
                });
    }
}
