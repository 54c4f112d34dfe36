package dev.uniformpipeline.core.api;

import java.util.List;
import java.util.Objects;

/**
 * What each target's platform would receive for the service: ECS task definition and service JSON, Kubernetes
 * objects. Computed locally from the pipeline file; nothing is called. Immutable.
 */
public record Rendering(String pipeline, List<RenderedTarget> targets) {
    public Rendering {
        Objects.requireNonNull(pipeline, "pipeline");
        targets = List.copyOf(targets);
    }

    public String toJson() {
        return ApiJson.write(ApiJson.rendering(this));
    }

    public record RenderedTarget(String name, String type, List<Document> documents) {
        public RenderedTarget {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            documents = List.copyOf(documents);
        }
    }

    /**
     * One rendered document.
     *
     * @param name      e.g. {@code task-definition.json}, {@code deployment.yaml}
     * @param mediaType {@code application/json} or {@code application/yaml}
     * @param content   the document text
     */
    public record Document(String name, String mediaType, String content) {
        public Document {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(content, "content");
        }
    }
}
