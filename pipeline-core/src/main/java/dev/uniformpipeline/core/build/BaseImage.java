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
    }

    /**
     * A registry image pinned by digest.
     *
     * @param reference the reference as written
     * @param digest    the manifest digest it resolved to
     * @param image     jib's handle, already named {@code repository@digest} and carrying credentials
     * @param insecure  plain HTTP registry
     */
    record Registry(String reference, String digest, RegistryImage image, boolean insecure) implements BaseImage {
        public Registry {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(image, "image");
        }

        @Override
        public JibContainerBuilder newBuilder() {
            return Jib.from(image);
        }
    }
}
