package dev.uniformpipeline.core.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a run starts: from the source (the whole recipe), at deploy with an image that was already pushed, or as
 * the rollback of one target. The last two skip checkout, build and push.
 */
public sealed interface RunStart {
    /** The whole recipe: checkout, build, push, deploy, verify. */
    static RunStart fromSource() {
        return FromSource.INSTANCE;
    }

    /** Checkout, build and push run. */
    enum FromSource implements RunStart { INSTANCE }

    /**
     * Deploy (and verify) an image that is already in a registry.
     *
     * @param repository the image's repository ({@code host[:port]/path}) if the reference named one; empty means
     *                   the pipeline file's {@code image} settings
     * @param digest     {@code sha256:} and 64 lower-case hex digits
     */
    record FromImage(Optional<String> repository, String digest) implements RunStart {
        private static final Pattern REFERENCE =
                Pattern.compile("(?:([^\\s@]+)@)?(sha256:[0-9a-f]{64})");

        public FromImage {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(digest, "digest");
        }

        /**
         * Parses {@code repository@sha256:<64 hex>} or a bare {@code sha256:<64 hex>}.
         *
         * @throws IllegalArgumentException naming the field, what was given and what is expected
         */
        public static FromImage parse(String reference) {
            Objects.requireNonNull(reference, "image");
            Matcher m = REFERENCE.matcher(reference.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("image: '" + reference + "' is not an image digest reference;"
                        + " expected '<registry>/<repository>@sha256:<64 hex digits>' or 'sha256:<64 hex digits>'."
                        + (reference.contains(":") && !reference.contains("sha256:")
                        ? " A tag can point at another image tomorrow: deploy the digest the push reported." : ""));
            }
            return new FromImage(Optional.ofNullable(m.group(1)), m.group(2));
        }

        /** As given: {@code repository@digest}, or the bare digest. */
        public String reference() {
            return repository.map(r -> r + "@" + digest).orElse(digest);
        }
    }

    /** Put one target's previous revision back (then verify it). */
    record Rollback(String target) implements RunStart {
        public Rollback {
            Objects.requireNonNull(target, "target");
        }
    }
}
