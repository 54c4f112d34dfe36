package dev.uniformpipeline.core.spec.v1;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory in mebibytes. Written as {@code 512MiB}, {@code 1GiB}, {@code 1.5GiB}, Kubernetes style {@code 512Mi} /
 * {@code 2Gi}, or a bare integer meaning MiB ({@code 512}). Decimal units (MB, GB) and words ({@code 1 gig}) are
 * rejected: ECS and Kubernetes both count in binary units.
 *
 * @param mebibytes whole MiB, at least 1
 */
public record MemorySize(long mebibytes) {
    private static final Pattern P = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(MiB|GiB|Mi|Gi)?");

    public MemorySize {
        if (mebibytes < 1) {
            throw new IllegalArgumentException("memory must be positive");
        }
    }

    /**
     * Parses a memory quantity.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static MemorySize parse(String text) {
        String t = text.trim();
        Matcher m = P.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a memory size (512MiB, 1GiB, 512Mi, 2Gi or"
                    + " a number of MiB)");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "MiB" : m.group(2);
        if (unit.startsWith("G")) {
            v = v.multiply(BigDecimal.valueOf(1024));
        }
        if (v.stripTrailingZeros().scale() > 0 || v.signum() <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole, positive number of MiB");
        }
        return new MemorySize(v.longValueExact());
    }

    /** Bytes. */
    public long bytes() {
        return mebibytes * 1024L * 1024L;
    }

    /** The Kubernetes quantity, e.g. {@code 512Mi} or {@code 2Gi}. */
    public String kubernetes() {
        return mebibytes % 1024 == 0 ? (mebibytes / 1024) + "Gi" : mebibytes + "Mi";
    }

    /** As written in a pipeline file, e.g. {@code 512MiB} or {@code 2GiB}. */
    @Override
    public String toString() {
        return mebibytes % 1024 == 0 ? (mebibytes / 1024) + "GiB" : mebibytes + "MiB";
    }
}
