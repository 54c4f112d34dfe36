package dev.uniformpipeline.core.build;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * A laid-out image, not yet written: the plan, the pinned base and the request. Write it to an OCI tar with
 * {@link #toTar}, or push it with the registry package (which calls {@link #containerize}).
 */
public final class PreparedImage {
    private static final FilePermissions EXEC = FilePermissions.fromOctalString("755");
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");

    private final BuildRequest request;
    private final BuildPlan plan;
    private final BaseImage base;
    private final List<String> skippedLinks;
    private final BuildListener listener;
    private final TargetPlatform platform;

    PreparedImage(BuildRequest request, BuildPlan plan, BaseImage base, List<String> skippedLinks,
                  BuildListener listener) {
        this(request, plan, base, skippedLinks, listener, base.platforms().isEmpty() ? TargetPlatform.LINUX_AMD64
                : base.platforms().get(0));
    }

    PreparedImage(BuildRequest request, BuildPlan plan, BaseImage base, List<String> skippedLinks,
                  BuildListener listener, TargetPlatform platform) {
        this.request = request;
        this.plan = plan;
        this.base = base;
        this.skippedLinks = List.copyOf(skippedLinks);
        this.listener = listener;
        this.platform = Objects.requireNonNull(platform, "platform");
    }

    /** The request this image was laid out from (for the build package's records, e.g. {@link ImageIndex#known}). */
    BuildRequest request() {
        return request;
    }

    /** The platform this image is for (its config's os and architecture). */
    public TargetPlatform platform() {
        return platform;
    }

    public BuildPlan plan() {
        return plan;
    }

    public BaseImage base() {
        return base;
    }

    public List<String> skippedLinks() {
        return skippedLinks;
    }

    /** The labels the image gets: request labels, created (the fixed creation time) and the pinned base. */
    public Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>(request.labels());
        labels.put("org.opencontainers.image.created", request.creationTime().toString());
        labels.put("org.opencontainers.image.base.name", base.reference());
        if (!base.digest().isEmpty()) {
            labels.put("org.opencontainers.image.base.digest", base.digest());
        }
        return labels;
    }

    /** A fresh jib builder with the base, layers and configuration. */
    public JibContainerBuilder newJibBuilder() {
        JibContainerBuilder b = base.newBuilder().setFormat(ImageFormat.OCI)
                .setPlatforms(java.util.Set.of(platform.jib()));
        for (LayerSpec layer : plan.layers()) {
            FileEntriesLayer.Builder fl = FileEntriesLayer.builder().setName(layer.name());
            for (LayerSpec.Entry e : layer.entries()) {
                fl.addEntry(e.source(), AbsoluteUnixPath.get(e.target()), e.executable() ? EXEC : FILE,
                        FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
            }
            b.addFileEntriesLayer(fl.build());
        }
        List<String> entrypoint = request.entrypoint().isEmpty() ? plan.entrypoint() : request.entrypoint();
        if (!entrypoint.isEmpty()) {
            b.setEntrypoint(entrypoint);
        }
        List<String> cmd = request.cmd().isEmpty() ? plan.cmd() : request.cmd();
        if (!cmd.isEmpty()) {
            b.setProgramArguments(cmd);
        }
        Map<String, String> env = new TreeMap<>(plan.env());
        env.putAll(request.env());
        env.forEach(b::addEnvironmentVariable);
        String workingDir = request.workingDir().isEmpty() ? plan.workingDir() : request.workingDir();
        if (!workingDir.isEmpty()) {
            b.setWorkingDirectory(AbsoluteUnixPath.get(workingDir));
        }
        List<Integer> ports = request.ports().isEmpty() && plan.defaultPort() > 0 ? List.of(plan.defaultPort())
                : request.ports();
        ports.stream().sorted().forEach(p -> b.addExposedPort(Port.tcp(p)));
        b.setUser(request.user());
        labels().forEach(b::addLabel);
        b.setCreationTime(request.creationTime());
        return b;
    }

    /** Writes the image as an OCI tar (image layout) named {@code reference}. */
    public BuiltImage toTar(Path tar, String reference) throws BuildException {
        try {
            Files.createDirectories(tar.toAbsolutePath().getParent());
            TarImage target = TarImage.at(tar).named(reference);
            JibContainer container = containerize(Containerizer.to(target));
            rememberDigest(container.getDigest().toString());
            return result(container, reference, tar);
        } catch (InvalidImageReferenceException e) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "image name '" + reference
                    + "' is not a valid image reference: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot write " + tar + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs jib with {@code containerizer} (a tar or a registry target configured by the caller), adding private
     * caches, the tool name and event forwarding. For the registry package.
     */
    public JibContainer containerize(Containerizer containerizer) throws BuildException {
        Objects.requireNonNull(containerizer, "containerizer");
        containerizer.setBaseImageLayersCache(request.baseLayersCache())
                .setApplicationLayersCache(request.applicationLayersCache())
                .setToolName("uniform-pipeline")
                .addEventHandler(LogEvent.class, this::forward);
        if (base.insecure()) {
            containerizer.setAllowInsecureRegistries(true);
        }
        try {
            return newJibBuilder().containerize(containerizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(BuildException.Reason.IO, "image build interrupted", e);
        } catch (RegistryException e) {
            throw new BuildException(BuildException.Reason.REGISTRY, "registry error: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BuildException(BuildException.Reason.REGISTRY, "image build failed: " + cause.getMessage(),
                    cause);
        } catch (CacheDirectoryCreationException | IOException e) {
            throw new BuildException(BuildException.Reason.IO, "image build failed: " + e.getMessage(), e);
        }
    }

    /**
     * The digest this image had when it was last written or pushed from exactly these inputs (the build plan jib
     * gets: base, layer files by path, size and modification time, configuration; and jib's version), from the
     * request's cache folder. Jib is deterministic, so equal inputs give the equal digest; this saves writing the
     * whole image (base layers included) to a tar just to learn it. Empty without a cache folder or a record.
     */
    public java.util.Optional<String> knownDigest() {
        Path record = digestRecord();
        if (record == null || !Files.isRegularFile(record)) {
            return java.util.Optional.empty();
        }
        try {
            String digest = Files.readString(record).strip();
            return digest.matches("sha256:[0-9a-f]{64}") ? java.util.Optional.of(digest) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Records {@code digest} as this image's digest for {@link #knownDigest()} (no-op without a cache folder). */
    public void rememberDigest(String digest) {
        Path record = digestRecord();
        if (record == null) {
            return;
        }
        try {
            Files.createDirectories(record.getParent());
            Path tmp = Files.createTempFile(record.getParent(), "digest", ".tmp");
            Files.writeString(tmp, digest);
            Files.move(tmp, record, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            listener.warning("could not record the image digest in " + record.getParent() + ": " + e.getMessage());
        }
    }

    private Path digestRecord() {
        if (request.cacheDir() == null) {
            return null;
        }
        try {
            return request.cacheDir().resolve("image-digests").resolve(inputKey());
        } catch (IOException e) {
            return null;
        }
    }

    /** A key over every input of the image bytes (see {@link #knownDigest()}). */
    String inputKey() throws IOException {
        var plan = newJibBuilder().toContainerBuildPlan();
        Fingerprint f = Fingerprint.start()
                .add("jib", String.valueOf(com.google.cloud.tools.jib.api.Jib.class.getProtectionDomain()
                        .getCodeSource()))
                .add("base", base.pinned()).add("baseImage", plan.getBaseImage())
                .add("platforms", String.valueOf(plan.getPlatforms())).add("created", String.valueOf(
                        plan.getCreationTime())).add("format", String.valueOf(plan.getFormat()))
                .add("env", String.valueOf(new TreeMap<>(plan.getEnvironment())))
                .add("volumes", String.valueOf(plan.getVolumes())).add("labels", String.valueOf(
                        new TreeMap<>(plan.getLabels()))).add("entrypoint", String.valueOf(plan.getEntrypoint()))
                .add("cmd", String.valueOf(plan.getCmd())).add("ports", String.valueOf(plan.getExposedPorts()))
                .add("user", String.valueOf(plan.getUser())).add("workdir", String.valueOf(plan.getWorkingDirectory()));
        for (var layer : plan.getLayers()) {
            FileEntriesLayer l = (FileEntriesLayer) layer;
            f.add("layer", l.getName());
            List<Path> sources = new java.util.ArrayList<>();
            for (var e : l.getEntries()) {
                f.add("entry", e.getExtractionPath() + " " + e.getPermissions().toOctalString() + " "
                        + e.getModificationTime() + " " + e.getOwnership());
                sources.add(e.getSourceFile());
            }
            f.files("sources", sources);
        }
        return f.hex();
    }

    /** The result record for a finished jib run. */
    public BuiltImage result(JibContainer container, String reference, Path tar) {
        return new BuiltImage(reference, container.getDigest().toString(), container.getImageId().toString(),
                plan.builder(), base.pinned(), plan.layers().stream().map(LayerSpec::name).toList(), labels(),
                skippedLinks, tar);
    }

    private void forward(LogEvent event) {
        if (event.getLevel() == LogEvent.Level.WARN || event.getLevel() == LogEvent.Level.ERROR) {
            listener.warning(event.getMessage());
        } else if (event.getLevel() == LogEvent.Level.LIFECYCLE) {
            listener.step(event.getMessage());
        }
    }
}
