package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Entry point of the build package: detects the builder, runs it and pins the base. */
public final class ImageBuilder {
    private final LocalBaseImages localBases;
    private final BaseImageResolver resolver;
    private final BuildListener listener;
    private final boolean makeMissingBases;
    private final Map<String, String> environment;

    /** A builder that fails when a {@code local:} base is missing. */
    public ImageBuilder(LocalBaseImages localBases, BaseImageResolver resolver, BuildListener listener) {
        this(localBases, resolver, listener, false, Map.of());
    }

    /**
     * @param makeMissingBases make a missing well-known {@code local:} base ({@link BaseImageMaker#makeKnown}) on
     *                         first use instead of failing
     * @param environment      the run's environment, over the process environment, for build tool settings (e.g.
     *                         {@code UNIFORM_GO_CACHE}, {@code GOCACHE})
     */
    public ImageBuilder(LocalBaseImages localBases, BaseImageResolver resolver, BuildListener listener,
                        boolean makeMissingBases, Map<String, String> environment) {
        this.localBases = Objects.requireNonNull(localBases, "localBases");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.makeMissingBases = makeMissingBases;
        Map<String, String> merged = new java.util.HashMap<>(System.getenv());
        merged.putAll(Objects.requireNonNull(environment, "environment"));
        this.environment = Map.copyOf(merged);
    }

    /** Lays out the image for {@code request}; nothing is written to a registry yet. */
    public PreparedImage prepare(BuildRequest request) throws BuildException {
        Planned planned = planned(request);
        listener.step("base image " + planned.base().pinned());
        return new PreparedImage(request, planned.plan(), planned.base(), planned.context().tree().skippedLinks(),
                listener);
    }

    /** The build context, the builder chosen for it, its plan on this machine, and the base image pinned. */
    private record Planned(BuildContext context, BuildStrategy strategy, BuildPlan plan, BaseImage base) { }

    private Planned planned(BuildRequest request) throws BuildException {
        BuildContext context = context(request);
        BuildStrategy strategy = BuildStrategies.select(context);
        CompletableFuture<BaseImage> early = fetchBaseEarly(request, context.workDir());
        BuildPlan plan = planOrCancel(strategy, context, early);
        return new Planned(context, strategy, plan, base(request, plan, context.workDir(), early));
    }

    /**
     * Lays out one image per platform. The platforms: {@code request.platforms()} when given (each must be offered
     * by the base; scratch offers every platform); otherwise, for a multi-platform base (an image index), those of
     * linux/amd64 and linux/arm64 it has; for a single-platform base, its platform ({@code local:} bases: this
     * machine's; registry images: their config's); for scratch, linux/amd64. A platform-specific builder (Go) is
     * planned per platform; the others share one plan, which {@link BuildStrategy#checkPlatforms} may refuse.
     */
    public PlatformImages prepareAll(BuildRequest request) throws BuildException {
        Planned planned = planned(request);
        BuildContext context = planned.context();
        BuildStrategy strategy = planned.strategy();
        BuildPlan hostPlan = planned.plan();
        BaseImage base = planned.base();
        List<TargetPlatform> platforms = platforms(request, base);
        listener.step("base image " + base.pinned() + "; platforms " + platforms);
        if (!strategy.platformSpecific()) {
            strategy.checkPlatforms(context, hostPlan, platforms);
        }
        List<PreparedImage> images = new ArrayList<>();
        for (TargetPlatform p : platforms) {
            BuildPlan plan = strategy.platformSpecific() && !p.equals(TargetPlatform.host())
                    ? strategy.plan(context, p) : hostPlan;
            images.add(new PreparedImage(request, plan, base.forPlatform(p), context.tree().skippedLinks(),
                    listener, p));
        }
        return new PlatformImages(images);
    }

    /** The rule of {@link #prepareAll}. */
    static List<TargetPlatform> platforms(BuildRequest request, BaseImage base) throws BuildException {
        List<TargetPlatform> offered = base.platforms();
        if (!request.platforms().isEmpty()) {
            List<TargetPlatform> missing = offered.isEmpty() ? List.of()
                    : request.platforms().stream().filter(p -> !offered.contains(p)).toList();
            if (!missing.isEmpty()) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.platforms: " + missing
                        + " not offered by the base image " + base.reference() + " (it has " + offered + "); remove"
                        + " them from build.platforms or use a base that has them (a multi-platform image index)");
            }
            return request.platforms();
        }
        if (offered.isEmpty()) {
            return List.of(TargetPlatform.LINUX_AMD64);
        }
        if (offered.size() == 1) {
            return offered;
        }
        List<TargetPlatform> chosen = TargetPlatform.DEFAULT_CANDIDATES.stream().filter(offered::contains).toList();
        if (chosen.isEmpty()) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.platforms: the base image "
                    + base.reference() + " offers " + offered + " but neither linux/amd64 nor linux/arm64; list the"
                    + " platforms to build in build.platforms");
        }
        return chosen;
    }

    /** Runs the build tool (the plan); the early base fetch is cancelled when it fails. */
    private static BuildPlan planOrCancel(BuildStrategy strategy, BuildContext context,
                                          CompletableFuture<BaseImage> early) throws BuildException {
        try {
            return strategy.plan(context);
        } catch (BuildException | RuntimeException e) {
            early.cancel(true);
            throw e;
        }
    }

    private BaseImage base(BuildRequest request, BuildPlan plan, Path work, CompletableFuture<BaseImage> early)
            throws BuildException {
        String baseRef = request.baseImage().isEmpty() ? plan.defaultBase() : request.baseImage();
        if (baseRef.isEmpty()) {
            early.cancel(true);
            throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: builder "
                    + plan.builder() + " has no default base image on this machine; set build.baseImage to an image"
                    + " with its runtime (for example a python image pushed to your registry)");
        }
        if (baseRef.equals(request.baseImage())) {
            try {
                BaseImage fetched = early.join();
                if (fetched != null) {
                    return fetched;
                }
            } catch (CompletionException | CancellationException e) {
                // resolved again below, where its error is reported
            }
        }
        return resolveBase(baseRef, work);
    }

    private BuildContext context(BuildRequest request) throws BuildException {
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
        return new BuildContext(tree, request, work, new ToolRunner(listener, request.toolTimeout()), listener,
                environment);
    }

    /**
     * With a cache folder and a registry base named in the request, resolves the base and pulls its layers into
     * jib's base-layer cache in the background while the build tool runs (once per base digest: a marker in the
     * cache folder records it), so the push that follows finds them there. Completes with null when there is
     * nothing to do.
     */
    private CompletableFuture<BaseImage> fetchBaseEarly(BuildRequest request, Path work) {
        String ref = request.baseImage();
        if (request.cacheDir() == null || ref.isEmpty() || ref.equals("scratch")
                || ref.startsWith(LocalBaseImages.PREFIX)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<BaseImage> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                BaseImage resolved = resolver.resolve(ref);
                List<BaseImage> perPlatform = new ArrayList<>();
                if (resolved instanceof BaseImage.RegistryIndex) {
                    for (TargetPlatform p : platforms(request, resolved)) {
                        perPlatform.add(resolved.forPlatform(p));
                    }
                } else {
                    perPlatform.add(resolved);
                }
                for (BaseImage base : perPlatform) {
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
                }
                f.complete(resolved);
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
