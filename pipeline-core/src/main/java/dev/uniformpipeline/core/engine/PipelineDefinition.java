package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.spec.LoadedPipeline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a loaded pipeline file the engine needs, adapted from the spec model at the edge
 * ({@link SpecPipelineLoader}) so the runner does not depend on the file's shape.
 *
 * @param file    the file as the user named it
 * @param spec    the loaded pipeline itself; the checkout stage resolves it against the commit for the later stages
 *                (null only in engine tests)
 */
public record PipelineDefinition(String name, String file, Optional<String> profile, SourceRef source,
                                 ImageRef image, List<TargetRef> targets, LoadedPipeline spec) {
    public PipelineDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(image, "image");
        targets = List.copyOf(targets);
    }

    /** Where the source comes from: a git URL or path, and a branch, tag or commit. */
    public record SourceRef(String git, Optional<String> ref) {
        public SourceRef {
            Objects.requireNonNull(git, "git");
            Objects.requireNonNull(ref, "ref");
        }
    }

    /** Where the image goes: registry ({@code ecr} or host[:port]), repository, tags (variables resolved later). */
    public record ImageRef(String registry, String repository, List<String> tags) {
        public ImageRef {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(repository, "repository");
            tags = List.copyOf(tags);
        }
    }

    /** One deployment target: its name and type ({@code ecs-fargate}, {@code ecs-ec2}, {@code eks}). */
    public record TargetRef(String name, String type) {
        public TargetRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
