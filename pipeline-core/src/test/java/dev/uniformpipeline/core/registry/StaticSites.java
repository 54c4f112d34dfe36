package dev.uniformpipeline.core.registry;

import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BaseImageResolver;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PreparedImage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: a local busybox base image (made from /bin/busybox) and one-page static sites laid out on it. */
final class StaticSites {
    final LocalBaseImages bases;

    private StaticSites(LocalBaseImages bases) {
        this.bases = bases;
    }

    /** Makes the busybox base under {@code dir}. */
    static StaticSites onBusybox(Path dir) throws Exception {
        LocalBaseImages bases = new LocalBaseImages(dir.resolve("bases"));
        new BaseImageMaker(bases, dir.resolve("maker"), BuildListener.NONE).busybox(Path.of("/bin/busybox"));
        return new StaticSites(bases);
    }

    /** Lays out a site whose {@code index.html} is {@code content}, in a folder of {@code dir} per content. */
    PreparedImage prepare(Path dir, String content) throws Exception {
        Path site = dir.resolve("site-" + Math.abs(content.hashCode()));
        Path src = Files.createDirectories(site.resolve("src"));
        Files.writeString(src.resolve("index.html"), content);
        return new ImageBuilder(bases, BaseImageResolver.NONE, BuildListener.NONE)
                .prepare(BuildRequest.builder(src, site.resolve("work")).build());
    }
}
