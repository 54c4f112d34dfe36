package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * One explicit image layer: files from the build context copied to paths in the image. Layers are
 * applied in order; put what changes least first.
 *
 * @param name  layer name (unique), e.g. {@code dependencies}
 * @param files what goes into the layer, at least one entry
 */
public record LayerSpec(
        @Required String name,
        @Required List<LayerFile> files) {
    public LayerSpec {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
