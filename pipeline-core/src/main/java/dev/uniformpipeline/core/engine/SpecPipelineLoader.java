package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.spec.LoadedPipeline;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.SourceSpec;
import dev.uniformpipeline.core.spec.v1.TargetSpec;

import java.util.Optional;

/**
 * Adapts the spec package's loader and model to {@link PipelineDefinition}: the one place where the engine
 * meets the pipeline file's shape. The {@link LoadedPipeline} itself travels in {@link PipelineDefinition#spec()}
 * for stage work that needs all of it ({@code resolve(GitInfo)} after checkout, rendering, deploy).
 */
final class SpecPipelineLoader implements PipelineLoader {
    @Override
    public PipelineDefinition load(RunRequest request) throws PipelineException {
        dev.uniformpipeline.core.spec.PipelineLoader.Builder b = dev.uniformpipeline.core.spec.PipelineLoader.builder()
                .file(request.pipelineFile())
                .workingDir(request.workingDirectory())
                .profile(request.profile().orElse(null))
                .environment(request.environment());
        request.sets().forEach(b::set);
        LoadedPipeline loaded = b.build().load();
        PipelineSpec spec = loaded.spec();
        SourceSpec source = spec.source();
        PipelineDefinition.SourceRef sourceRef = source == null
                ? new PipelineDefinition.SourceRef(".", Optional.empty())
                : new PipelineDefinition.SourceRef(source.git() == null ? "." : source.git(),
                        Optional.ofNullable(source.ref()));
        return new PipelineDefinition(spec.name(), request.displayFile(), request.profile(), sourceRef,
                new PipelineDefinition.ImageRef(spec.image().registry(), spec.image().repository(),
                        spec.image().tags()),
                spec.targets().stream().map(SpecPipelineLoader::target).toList(), loaded);
    }

    private static PipelineDefinition.TargetRef target(TargetSpec t) {
        return new PipelineDefinition.TargetRef(t.name(), t.type().yaml());
    }
}
