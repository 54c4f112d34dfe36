package dev.uniformpipeline.core.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0) read from a git tag, with an optional leading {@code v}:
 * {@code v1.2.3}, {@code 1.2.3}, {@code v1.2.3-rc.1+build.5}.
 *
 * @param major      major version
 * @param minor      minor version
 * @param patch      patch version
 * @param prerelease the part after {@code -} ({@code rc.1}), or empty
 * @param build      the build metadata after {@code +} ({@code build.5}), or empty
 */
public record SemVer(long major, long minor, long patch, String prerelease, String build) {
    private static final String NUM = "0|[1-9][0-9]*";
    private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    private static final String BUILD_ID = "[0-9A-Za-z-]+";
    private static final Pattern SEMVER = Pattern.compile("[vV]?(" + NUM + ")\\.(" + NUM + ")\\.(" + NUM + ")"
            + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
            + "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))?");

    public SemVer {
        prerelease = prerelease == null ? "" : prerelease;
        build = build == null ? "" : build;
    }

    /** The version in {@code tag}, or empty when the tag is not a semantic version. */
    public static Optional<SemVer> parse(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        Matcher m = SEMVER.matcher(tag.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SemVer(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4), m.group(5)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /**
     * semver.org precedence: major, minor, patch, then a release above its pre-releases, then pre-release
     * identifiers one by one (numbers numerically and below text); build metadata is ignored.
     */
    public static final Comparator<SemVer> PRECEDENCE = Comparator.comparingLong(SemVer::major)
            .thenComparingLong(SemVer::minor).thenComparingLong(SemVer::patch)
            .thenComparing(SemVer::prerelease, SemVer::comparePrerelease);

    /**
     * The tag the {@code ${git.tag}} / {@code ${git.semver}} variables use when several tags point at one commit:
     * the semantic version with the highest precedence, else the first by name; empty when there are none.
     */
    public static String preferredTag(Collection<String> tags) {
        return tags.stream().filter(t -> parse(t).isPresent())
                .max(Comparator.comparing((String t) -> parse(t).orElseThrow(), PRECEDENCE)
                        .thenComparing(Comparator.reverseOrder()))
                .orElseGet(() -> tags.stream().sorted().findFirst().orElse(""));
    }

    private static int comparePrerelease(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].matches("[0-9]+");
            boolean yn = y[i].matches("[0-9]+");
            int c = xn && yn ? new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]))
                    : xn != yn ? (xn ? -1 : 1) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** A pre-release such as {@code 1.2.3-rc.1}. */
    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /**
     * The version as an image tag: {@code 1.2.3} or {@code 1.2.3-rc.1}, without the {@code v} and without the build
     * metadata ({@code +} is not allowed in a tag, and semver ignores build metadata when comparing versions).
     */
    public String tag() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease);
    }

    /** The full version without the {@code v}, build metadata included: {@code 1.2.3-rc.1+build.5}. */
    public String full() {
        return tag() + (build.isEmpty() ? "" : "+" + build);
    }

    /** {@code 1} for a release; a pre-release keeps its full {@link #tag()} so moving tags never point at it. */
    public String majorTag() {
        return isPrerelease() ? tag() : Long.toString(major);
    }

    /** {@code 1.2} for a release; a pre-release keeps its full {@link #tag()} so moving tags never point at it. */
    public String minorTag() {
        return isPrerelease() ? tag() : major + "." + minor;
    }
}
