package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.StageNotImplementedException;

/** The stage work of this build: none yet. Each stage fails clearly instead of pretending to succeed. */
final class NotImplemented {
    private NotImplemented() {
    }

    static final CheckoutStage.Work CHECKOUT = (pipeline, workingDirectory, ctx) -> {
        throw new StageNotImplementedException(Stage.CHECKOUT, null,
                "checkout of " + pipeline.source().git() + " (JGit clone/fetch, package dev.uniformpipeline.core.source)",
                "the source/image/registry issue (branch image)");
    };

    static final BuildStage.Work BUILD = (source, image, ctx) -> {
        throw new StageNotImplementedException(Stage.BUILD, null,
                "image build (jib-core layers, package dev.uniformpipeline.core.build)",
                "the source/image/registry issue (branch image)");
    };

    static final PushStage.Work PUSH = (source, built, ctx) -> {
        throw new StageNotImplementedException(Stage.PUSH, null,
                "push of " + built.repository() + " (OCI registry / ECR, package dev.uniformpipeline.core.registry)",
                "the source/image/registry issue (branch image)");
    };

    static final DeployStage.Work DEPLOY = (source, target, image, ctx) -> {
        throw new StageNotImplementedException(Stage.DEPLOY, target.name(),
                "rollout to " + target.type() + " target '" + target.name() + "' (package dev.uniformpipeline.core.deploy)",
                "the ECS/EKS rollout issue");
    };

    static final VerifyStage.Work VERIFY = (target, deployment, ctx) -> {
        throw new StageNotImplementedException(Stage.VERIFY, target.name(),
                "rollout verdict for target '" + target.name() + "' (package dev.uniformpipeline.core.health)",
                "the health gate and rollback issue");
    };

    static final RollbackStage.Work ROLLBACK = (source, target, ctx) -> {
        throw new StageNotImplementedException(Stage.DEPLOY, target.name(),
                "rollback of " + target.type() + " target '" + target.name() + "' to its previous revision"
                        + " (package dev.uniformpipeline.core.deploy)",
                "the health gate and rollback issue");
    };
}
