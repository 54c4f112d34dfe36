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
        containerizer.setBaseImageLayersCache(request.workDir().resolve("jib-base-cache"))
                .setApplicationLayersCache(request.workDir().resolve("jib-app-cache"))
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
