package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Entry point of the build package: detects the builder, runs it and pins the base. */
public final class ImageBuilder {
    private final LocalBaseImages localBases;
    private final BaseImageResolver resolver;
    private final BuildListener listener;
    private final boolean makeMissingBases;

    /** A builder that fails when a {@code local:} base is missing. */
    public ImageBuilder(LocalBaseImages localBases, BaseImageResolver resolver, BuildListener listener) {
        this(localBases, resolver, listener, false);
    }

    /**
     * @param makeMissingBases make a missing well-known {@code local:} base ({@link BaseImageMaker#makeKnown}) on
     *                         first use instead of failing
     */
    public ImageBuilder(LocalBaseImages localBases, BaseImageResolver resolver, BuildListener listener,
                        boolean makeMissingBases) {
        this.localBases = Objects.requireNonNull(localBases, "localBases");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.makeMissingBases = makeMissingBases;
    }

    /** Lays out the image for {@code request}; nothing is written to a registry yet. */
    public PreparedImage prepare(BuildRequest request) throws BuildException {
        Path source = request.source().toAbsolutePath().normalize();
        Path work = request.workDir().toAbsolutePath().normalize();
        if (work.startsWith(source)) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "the build work directory " + work
                    + " is inside the source tree " + source + "; choose a directory outside it");
        }
        if (!Files.isDirectory(source)) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "the source tree " + source
                    + " is not a directory");
        }
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot create " + work, e);
        }
        SourceTree tree = new SourceTree(source, listener);
        BuildContext context = new BuildContext(tree, request, work,
                new ToolRunner(listener, request.toolTimeout()), listener);
        BuildStrategy strategy = BuildStrategies.select(context);
        java.util.concurrent.CompletableFuture<BaseImage> early = fetchBaseEarly(request, work);
        BuildPlan plan;
        try {
            plan = strategy.plan(context);
        } catch (BuildException | RuntimeException e) {
            early.cancel(true);
            throw e;
        }
        String baseRef = request.baseImage().isEmpty() ? plan.defaultBase() : request.baseImage();
        if (baseRef.isEmpty()) {
            throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: builder "
                    + plan.builder() + " has no default base image on this machine; set build.baseImage to an image"
                    + " with its runtime (for example a python image pushed to your registry)");
        }
        BaseImage base = null;
        if (baseRef.equals(request.baseImage())) {
            try {
                base = early.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                base = null; // resolved again below, where its error is reported
            }
        }
        if (base == null) {
            base = resolveBase(baseRef, work);
        }
        listener.step("base image " + base.pinned());
        return new PreparedImage(request, plan, base, tree.skippedLinks(), listener);
    }

    /**
     * With a cache folder and a registry base named in the request, resolves the base and pulls its layers into
     * jib's base-layer cache in the background while the build tool runs (once per base digest: a marker in the
     * cache folder records it), so the push that follows finds them there. Completes with null when there is
     * nothing to do.
     */
    private java.util.concurrent.CompletableFuture<BaseImage> fetchBaseEarly(BuildRequest request, Path work) {
        String ref = request.baseImage();
        if (request.cacheDir() == null || ref.isEmpty() || ref.equals("scratch")
                || ref.startsWith(LocalBaseImages.PREFIX)) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.CompletableFuture<BaseImage> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                BaseImage base = resolver.resolve(ref);
                Path marker = request.cacheDir().resolve("base-layers-cached")
                        .resolve(base.digest().replace(':', '-'));
                if (!Files.exists(marker)) {
                    Path tar = work.resolve("base-prefetch.tar");
                    var containerizer = com.google.cloud.tools.jib.api.Containerizer.to(
                                    com.google.cloud.tools.jib.api.TarImage.at(tar).named("uniform.local/base:prefetch"))
                            .setBaseImageLayersCache(request.baseLayersCache())
                            .setApplicationLayersCache(work.resolve("prefetch-app-cache"))
                            .setToolName("uniform-pipeline");
                    if (base.insecure()) {
                        containerizer.setAllowInsecureRegistries(true);
                    }
                    base.newBuilder().setFormat(com.google.cloud.tools.jib.api.buildplan.ImageFormat.OCI)
                            .containerize(containerizer);
                    Files.deleteIfExists(tar);
                    Files.createDirectories(marker.getParent());
                    Files.writeString(marker, base.pinned());
                    listener.step("base image layers of " + base.pinned() + " pulled into the cache");
                }
                f.complete(base);
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        }, "base-image-prefetch");
        t.setDaemon(true);
        t.start();
        return f;
    }

    BaseImage resolveBase(String reference, Path work) throws BuildException {
        if (reference.equals("scratch")) {
            return new BaseImage.Scratch();
        }
        if (reference.startsWith(LocalBaseImages.PREFIX)) {
            String name = reference.substring(LocalBaseImages.PREFIX.length());
            if (makeMissingBases && !localBases.has(name)) {
                listener.step("local base " + reference + " is missing: making it (once per machine)");
                java.util.Optional<BaseImage.Local> made = new BaseImageMaker(localBases, work.resolve("base-maker"),
                        listener).makeKnown(name);
                if (made.isPresent()) {
                    return made.get();
                }
            }
            return localBases.resolve(reference);
        }
        return resolver.resolve(reference);
    }
}
