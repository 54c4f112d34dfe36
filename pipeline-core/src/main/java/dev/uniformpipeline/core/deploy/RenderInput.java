package dev.uniformpipeline.core.deploy;

import java.util.Objects;

/**
 * Everything one rendering needs: the intent, the rollout, one target, the pushed image, and where they
 * came from (for error messages and labels).
 *
 * @param service     the service intent
 * @param rollout     the rollout intent
 * @param target      the resolved target
 * @param image       the pushed image (by digest)
 * @param gitRevision the commit the image was built from, or null
 * @param sourceFile  the pipeline file as the user named it, for problems
 */
public record RenderInput(ServiceIntent service, RolloutIntent rollout, DeployTarget target, ImageRef image,
                          String gitRevision, String sourceFile) {
    public RenderInput {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(image, "image");
        rollout = rollout == null ? RolloutIntent.defaults() : rollout;
        sourceFile = sourceFile == null ? "pipeline.yaml" : sourceFile;
    }

    public RenderInput withTarget(DeployTarget t) {
        return new RenderInput(service, rollout, t, image, gitRevision, sourceFile);
    }

    public RenderInput withService(ServiceIntent s) {
        return new RenderInput(s, rollout, target, image, gitRevision, sourceFile);
    }

    public RenderInput withRollout(RolloutIntent r) {
        return new RenderInput(service, r, target, image, gitRevision, sourceFile);
    }

    /** The region logs go to: the logging section's, else the target's. */
    public String logRegion() {
        return service.logging().region() != null ? service.logging().region() : target.region();
    }

    /** The log stream prefix: the logging section's, else the service name. */
    public String logStreamPrefix() {
        String p = service.logging().streamPrefix();
        return p != null ? p : service.name();
    }
}
