package dev.uniformpipeline.core.engine;

import java.util.Objects;

/**
 * The work behind each stage. Package-private seam: the runner gets {@link #standard()}; tests inject doubles.
 * Later issues replace the not-implemented entries in {@link #standard()} with the real implementations.
 */
record StageWorks(CheckoutStage.Work checkout, BuildStage.Work build, PushStage.Work push, DeployStage.Work deploy,
                  VerifyStage.Work verify) {
    StageWorks {
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(push, "push");
        Objects.requireNonNull(deploy, "deploy");
        Objects.requireNonNull(verify, "verify");
    }

    static StageWorks standard() {
        return new StageWorks(NotImplemented.CHECKOUT, NotImplemented.BUILD, NotImplemented.PUSH,
                NotImplemented.DEPLOY, NotImplemented.VERIFY);
    }
}
