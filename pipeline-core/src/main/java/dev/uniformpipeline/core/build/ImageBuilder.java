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
        BuildPlan plan = strategy.plan(context);
        String baseRef = request.baseImage().isEmpty() ? plan.defaultBase() : request.baseImage();
        if (baseRef.isEmpty()) {
            throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: builder "
                    + plan.builder() + " has no default base image on this machine; set build.baseImage to an image"
                    + " with its runtime (for example a python image pushed to your registry)");
        }
        BaseImage base = resolveBase(baseRef, work);
        listener.step("base image " + base.pinned());
        return new PreparedImage(request, plan, base, tree.skippedLinks(), listener);
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
