package dev.uniformpipeline.core.build;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image platform as OCI writes it: {@code os/architecture[/variant]} ({@code linux/amd64}, {@code linux/arm64},
 * {@code linux/arm/v7}).
 */
public record TargetPlatform(String os, String architecture, String variant) implements Comparable<TargetPlatform> {
    public static final TargetPlatform LINUX_AMD64 = new TargetPlatform("linux", "amd64", "");
    public static final TargetPlatform LINUX_ARM64 = new TargetPlatform("linux", "arm64", "");
    /** The platforms picked from a multi-platform base when {@code build.platforms} is not set, in this order. */
    public static final List<TargetPlatform> DEFAULT_CANDIDATES = List.of(LINUX_AMD64, LINUX_ARM64);

    private static final Pattern TEXT = Pattern.compile("([a-z0-9]+)/([a-z0-9_]+)(?:/(v[0-9]+))?");
    private static final Comparator<TargetPlatform> ORDER = Comparator.comparing(TargetPlatform::os)
            .thenComparing(TargetPlatform::architecture).thenComparing(TargetPlatform::variant);

    public TargetPlatform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
        // arm64 images normally carry no variant or v8; treat both as the same platform
        if (architecture.equals("arm64") && variant.equals("v8")) {
            variant = "";
        }
    }

    /** Parses {@code os/arch[/variant]}. */
    public static TargetPlatform parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a platform; write os/arch, e.g. linux/amd64"
                    + " or linux/arm64");
        }
        return new TargetPlatform(m.group(1), m.group(2), m.group(3));
    }

    /** This machine's platform (what binaries found on it, and {@code local:} bases made from them, run on). */
    public static TargetPlatform host() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        return new TargetPlatform("linux", switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        }, "");
    }

    /** jib's platform value (jib has no variant: the architecture alone selects from a base's index). */
    com.google.cloud.tools.jib.api.buildplan.Platform jib() {
        return new com.google.cloud.tools.jib.api.buildplan.Platform(architecture, os);
    }

    /** {@code linux-arm64} (for file names). */
    public String slug() {
        return os + "-" + architecture + (variant.isEmpty() ? "" : "-" + variant);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }

    @Override
    public int compareTo(TargetPlatform o) {
        return ORDER.compare(this, o);
    }
}
