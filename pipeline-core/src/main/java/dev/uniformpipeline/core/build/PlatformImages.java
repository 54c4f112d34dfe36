package dev.uniformpipeline.core.build;

import java.util.List;
import java.util.Objects;

/**
 * The images of one build, one per platform, in platform order. One image is pushed as a plain manifest; several
 * are pushed as an OCI image index whose digest is what gets deployed.
 *
 * @param images the per-platform images (at least one, platforms unique)
 */
public record PlatformImages(List<PreparedImage> images) {
    public PlatformImages {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        if (images.isEmpty()) {
            throw new IllegalArgumentException("at least one platform image is needed");
        }
        if (images.stream().map(PreparedImage::platform).distinct().count() != images.size()) {
            throw new IllegalArgumentException("platforms must be unique: " + platforms());
        }
    }

    public List<TargetPlatform> platforms() {
        return images.stream().map(PreparedImage::platform).toList();
    }

    /** Whether this is more than one platform (pushed as an index). */
    public boolean multiPlatform() {
        return images.size() > 1;
    }

    /** The first image (the only one of a single-platform build). */
    public PreparedImage first() {
        return images.get(0);
    }
}
