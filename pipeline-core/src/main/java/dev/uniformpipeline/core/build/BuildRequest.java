package dev.uniformpipeline.core.build;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to build.
 *
 * @param source       the source tree (a checkout)
 * @param builder      {@code auto} or a strategy name (see {@link BuildStrategies})
 * @param baseImage    {@code scratch}, {@code local:<name>}, a registry reference, or empty for the builder's default
 * @param ports        exposed TCP ports; empty for the builder's default
 * @param user         container user; empty for {@value #DEFAULT_USER} (non-root); {@code root} only when asked
 * @param env          extra environment variables
 * @param labels       extra OCI labels (for example {@code SourceRevision.ociLabels()})
 * @param entrypoint   entrypoint override; empty for the builder's
 * @param cmd          program arguments override; empty for the builder's
 * @param workingDir   working directory override; empty for the builder's
 * @param layers       explicit layers (builder {@code layers})
 * @param mainClass    Java main class; empty to detect it
 * @param options      per-builder options ({@link BuilderOptions#NONE} for the defaults)
 * @param creationTime image creation time, also the {@code org.opencontainers.image.created} label (default epoch)
 * @param workDir      scratch directory for tool output and jib caches; never inside the source tree
 * @param toolTimeout  limit for one run of a build tool
 * @param platforms    platforms to build; empty chooses from the base ({@link ImageBuilder#prepareAll})
 * @param cacheDir     persistent cache folder kept between builds (jib's base-image and application layer caches);
 *                     null for caches private to {@code workDir}
 */
public record BuildRequest(Path source, String builder, String baseImage, List<Integer> ports, String user,
                           Map<String, String> env, Map<String, String> labels, List<String> entrypoint,
                           List<String> cmd, String workingDir, List<ExplicitLayer> layers, String mainClass, BuilderOptions options, Instant creationTime, Path workDir,
                           Duration toolTimeout, List<TargetPlatform> platforms, Path cacheDir) {
    /** The default user: the conventional unprivileged uid/gid (no passwd entry needed). */
    public static final String DEFAULT_USER = "65532:65532";

    public BuildRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(workDir, "workDir");
        builder = builder == null || builder.isBlank() ? "auto" : builder.strip();
        baseImage = baseImage == null ? "" : baseImage.strip();
        ports = List.copyOf(ports == null ? List.of() : ports);
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is out of range 1-65535");
            }
        }
        user = user == null || user.isBlank() ? DEFAULT_USER : user.strip();
        env = Map.copyOf(env == null ? Map.of() : env);
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        entrypoint = List.copyOf(entrypoint == null ? List.of() : entrypoint);
        cmd = List.copyOf(cmd == null ? List.of() : cmd);
        workingDir = workingDir == null ? "" : workingDir.strip();
        if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw new IllegalArgumentException("build.workdir must be an absolute path, was " + workingDir);
        }
        layers = List.copyOf(layers == null ? List.of() : layers);
        mainClass = mainClass == null ? "" : mainClass.strip();
        options = options == null ? BuilderOptions.NONE : options;
        creationTime = creationTime == null ? Instant.EPOCH : creationTime;
        toolTimeout = toolTimeout == null ? Duration.ofMinutes(20) : toolTimeout;
        platforms = List.copyOf(platforms == null ? List.of() : platforms);
        if (platforms.stream().distinct().count() != platforms.size()) {
            throw new IllegalArgumentException("build.platforms lists a platform twice: " + platforms);
        }
    }

    /** Where jib keeps base-image layers: the cache folder when there is one, else the work directory. */
    public Path baseLayersCache() {
        return (cacheDir == null ? workDir : cacheDir).resolve("jib-base-cache");
    }

    /** Where jib keeps application layers it built (reused when their files did not change). */
    public Path applicationLayersCache() {
        return (cacheDir == null ? workDir : cacheDir).resolve("jib-app-cache");
    }

    public static Builder builder(Path source, Path workDir) {
        return new Builder(source, workDir);
    }

    /**
     * An explicit layer: files under {@code from} (relative to the source tree) go to {@code to} in the image.
     */
    public record ExplicitLayer(String name, String from, String to) {
        public ExplicitLayer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.startsWith("/")) {
                throw new IllegalArgumentException("layer '" + name + "': 'to' must be an absolute path, was " + to);
            }
        }
    }

    /** Builder for {@link BuildRequest}. */
    public static final class Builder {
        private final Path source;
        private final Path workDir;
        private String builder = "auto";
        private String baseImage = "";
        private final List<Integer> ports = new ArrayList<>();
        private String user = "";
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private String workingDir = "";
        private final List<ExplicitLayer> layers = new ArrayList<>();
        private String mainClass = "";
        private BuilderOptions options = BuilderOptions.NONE;
        private Instant creationTime = Instant.EPOCH;
        private Duration toolTimeout = Duration.ofMinutes(20);
        private Path cacheDir;
        private final List<TargetPlatform> platforms = new ArrayList<>();

        private Builder(Path source, Path workDir) {
            this.source = source;
            this.workDir = workDir;
        }

        public Builder builder(String name) {
            this.builder = name;
            return this;
        }

        public Builder baseImage(String baseImage) {
            this.baseImage = baseImage;
            return this;
        }

        public Builder port(int port) {
            this.ports.add(port);
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder env(String key, String value) {
            this.env.put(key, value);
            return this;
        }

        public Builder label(String key, String value) {
            this.labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(labels);
            return this;
        }

        public Builder entrypoint(List<String> entrypoint) {
            this.entrypoint = entrypoint;
            return this;
        }

        public Builder cmd(List<String> cmd) {
            this.cmd = cmd;
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        public Builder layer(String name, String from, String to) {
            this.layers.add(new ExplicitLayer(name, from, to));
            return this;
        }

        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        public Builder options(BuilderOptions options) {
            this.options = options;
            return this;
        }

        public Builder creationTime(Instant creationTime) {
            this.creationTime = creationTime;
            return this;
        }

        public Builder toolTimeout(Duration toolTimeout) {
            this.toolTimeout = toolTimeout;
            return this;
        }

        /** A persistent cache folder shared by builds (see {@link BuildRequest#cacheDir}). */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** Adds a platform ({@code linux/arm64}); none means: as the base offers. */
        public Builder platform(String platform) {
            this.platforms.add(TargetPlatform.parse(platform));
            return this;
        }

        public BuildRequest build() {
            return new BuildRequest(source, builder, baseImage, ports, user, env, labels, entrypoint, cmd,
                    workingDir, layers, mainClass, options, creationTime, workDir, toolTimeout, platforms, cacheDir);
        }
    }
}
