package dev.uniformpipeline.core.deploy;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One object as it should exist, in the platform's own field names (AWS API member names for AWS objects,
 * Kubernetes field names for Kubernetes objects). This is what the plan compares with the current state.
 *
 * @param ref     identity
 * @param desired the desired object
 */
public record RenderedResource(ResourceRef ref, JsonNode desired) {
    public RenderedResource {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(desired, "desired");
        desired = desired.deepCopy();
    }

    @Override
    public JsonNode desired() {
        return desired.deepCopy();
    }
}
