package dev.uniformpipeline.core.build;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import java.nio.file.Path;
import java.util.Objects;

/** A base image, resolved and pinned: scratch, a local base (tar made on this machine) or a registry image. */
public sealed interface BaseImage {
    /** What the user wrote ({@code local:busybox}, {@code registry:5000/base/jre17:1}). */
    String reference();

    /** The pinned digest ({@code sha256:...}); empty for scratch. */
    String digest();

    /** Whether pulling this base needs insecure (plain HTTP or self-signed without CA) access. */
    default boolean insecure() {
        return false;
    }

    /** A fresh jib builder on this base. */
    JibContainerBuilder newBuilder();

    /**
     * The platforms this base offers; empty for scratch (any platform). A {@link RegistryIndex} lists its
     * manifests' platforms; every other base has exactly one.
     */
    default java.util.List<TargetPlatform> platforms() {
        return java.util.List.of(TargetPlatform.LINUX_AMD64);
    }

    /** The single-platform base to build {@code platform} on (itself unless this is an index). */
    default BaseImage forPlatform(TargetPlatform platform) {
        return this;
    }

    /** {@code reference@digest}, what an image's result records. */
    default String pinned() {
        return digest().isEmpty() ? reference() : reference() + "@" + digest();
    }

    /** No base at all. */
    record Scratch() implements BaseImage {
        @Override
        public String reference() {
            return "scratch";
        }

        @Override
        public String digest() {
            return "";
        }

        @Override
        public JibContainerBuilder newBuilder() {
            return Jib.fromScratch();
        }

        @Override
        public java.util.List<TargetPlatform> platforms() {
            return java.util.List.of();
        }
    }

    /** A base made by {@link BaseImageMaker}, read from a Docker-format tar in a {@link LocalBaseImages} store. */
    record Local(String name, Path tar, String digest) implements BaseImage {
        public Local {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tar, "tar");
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public String reference() {
            return LocalBaseImages.PREFIX + name;
        }

        @Override
        public JibContainerBuilder newBuilder() {
            return Jib.from(TarImage.at(tar));
        }

        /** Made from this machine's files, so it runs on this machine's platform. */
        @Override
        public java.util.List<TargetPlatform> platforms() {
            return java.util.List.of(TargetPlatform.host());
        }
    }

    /**
     * A registry image pinned by digest.
     *
     * @param reference the reference as written
     * @param digest    the manifest digest it resolved to
     * @param image     jib's handle, already named {@code repository@digest} and carrying credentials
     * @param insecure  plain HTTP registry
     */
    record Registry(String reference, String digest, RegistryImage image, boolean insecure, TargetPlatform platform)
            implements BaseImage {
        public Registry {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(image, "image");
            platform = platform == null ? TargetPlatform.LINUX_AMD64 : platform;
        }

        /** A single-platform registry base whose platform is not known (taken as linux/amd64). */
        public Registry(String reference, String digest, RegistryImage image, boolean insecure) {
            this(reference, digest, image, insecure, null);
        }

        @Override
        public JibContainerBuilder newBuilder() {
            return Jib.from(image);
        }

        @Override
        public java.util.List<TargetPlatform> platforms() {
            return java.util.List.of(platform);
        }
    }

    /**
     * A registry base that is an image index (manifest list): one pinned manifest per platform.
     *
     * @param reference what the user wrote
     * @param digest    the index digest
     * @param manifests the per-platform manifests, each a {@link Registry} pinned by its own digest
     */
    record RegistryIndex(String reference, String digest, java.util.Map<TargetPlatform, Registry> manifests)
            implements BaseImage {
        public RegistryIndex {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(digest, "digest");
            manifests = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(manifests));
            if (manifests.isEmpty()) {
                throw new IllegalArgumentException(reference + ": an image index without platforms");
            }
        }

        @Override
        public boolean insecure() {
            return manifests.values().iterator().next().insecure();
        }

        /** The first platform's builder; multi-platform builds use {@link #forPlatform}. */
        @Override
        public JibContainerBuilder newBuilder() {
            return forPlatform(platforms().get(0)).newBuilder();
        }

        @Override
        public java.util.List<TargetPlatform> platforms() {
            return java.util.List.copyOf(manifests.keySet());
        }

        @Override
        public BaseImage forPlatform(TargetPlatform platform) {
            Registry r = manifests.get(platform);
            if (r == null) {
                throw new IllegalArgumentException(reference + " has no " + platform + " image (it has "
                        + manifests.keySet() + ")");
            }
            // keep what the user wrote and the index digest visible in labels and the report
            return r;
        }
    }
}
