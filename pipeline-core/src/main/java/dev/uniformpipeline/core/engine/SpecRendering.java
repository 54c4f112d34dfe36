package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Rendering;
import dev.uniformpipeline.core.deploy.ImageRef;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.Renderer;
import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.LoadedPipeline;
import dev.uniformpipeline.core.spec.ResolvedPipeline;
import dev.uniformpipeline.core.spec.ResolvedTarget;
import dev.uniformpipeline.core.spec.v1.EcrSpec;
import dev.uniformpipeline.core.spec.v1.ImageSpec;
import dev.uniformpipeline.core.spec.v1.TargetSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code render} before any build: resolves the pipeline against the local HEAD (or a placeholder commit when the
 * directory is not a git work tree) and renders every selected target with the deploy package's renderers. The
 * image is shown by a placeholder digest ({@link #UNKNOWN_DIGEST}); {@code run} renders with the pushed digest.
 */
final class SpecRendering implements PipelineRenderer {
    /** The digest shown before a push: {@code sha256:000…0}. */
    static final String UNKNOWN_DIGEST = "sha256:" + "0".repeat(64);
    static final GitInfo UNKNOWN_COMMIT = new GitInfo("0".repeat(40), null, null);

    @Override
    public List<Rendering.RenderedTarget> render(PipelineDefinition pipeline, Path workingDirectory)
            throws PipelineException {
        return renderDeploy(pipeline, workingDirectory).stream().map(r -> DeployConversions.rendering(r.rendered()))
                .toList();
    }

    /** A target's rendering with the resolved target it came from. */
    record Rendered(ResolvedTarget target, RenderedTarget rendered) {
    }

    /** Renders the selected targets, keeping the deploy package's values (for the plan). */
    static List<Rendered> renderDeploy(PipelineDefinition pipeline, Path workingDirectory) throws PipelineException {
        LoadedPipeline loaded = pipeline.spec();
        GitInfo head = LocalGit.head(workingDirectory).orElse(UNKNOWN_COMMIT);
        // render and plan read HEAD without JGit: the commit time and author are placeholders (like the zero sha
        // and digest) so that tags such as ${git.date} do not stop a preview; deploy objects carry the digest.
        GitInfo git = new GitInfo(head.sha(), head.branch(), head.tag(),
                head.author() != null ? head.author() : "unknown",
                head.commitTime() != null ? head.commitTime() : java.time.Instant.EPOCH);
        ResolvedPipeline resolved = loaded.resolve(git);
        Set<String> selected = pipeline.targets().stream().map(PipelineDefinition.TargetRef::name)
                .collect(Collectors.toSet());
        List<ResolvedTarget> targets = resolved.targets().stream().filter(t -> selected.contains(t.name())).toList();
        ResolvedPipeline only = new ResolvedPipeline(resolved.spec(), targets, resolved.yaml());
        ImageRef image = new ImageRef(repository(resolved.spec().image(), resolved.spec().targets()), UNKNOWN_DIGEST);
        List<RenderedTarget> rendered = Renderer.standard().render(only, image, git.sha(), pipeline.file(),
                loaded::origin);
        List<Rendered> out = new java.util.ArrayList<>();
        for (int i = 0; i < rendered.size(); i++) {
            out.add(new Rendered(targets.get(i), rendered.get(i)));
        }
        return out;
    }

    /** Registry host and repository; for ECR the account and region of the ECR settings or the first target. */
    static String repository(ImageSpec image, List<TargetSpec> targets) {
        if (!image.isEcr()) {
            return image.registry() + "/" + image.repository();
        }
        EcrSpec ecr = image.ecr();
        TargetSpec first = targets.isEmpty() ? null : targets.get(0);
        String account = ecr != null && ecr.account() != null ? ecr.account()
                : first != null && first.account() != null ? first.account() : "<account>";
        String region = ecr != null && ecr.region() != null ? ecr.region()
                : first != null && first.region() != null ? first.region() : "<region>";
        return account + ".dkr.ecr." + region + ".amazonaws.com/" + image.repository();
    }
}
