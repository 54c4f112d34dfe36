package dev.uniformpipeline.core.spec.v1;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU for a task, pod or container, held in millicores (1000 = one vCPU).
 *
 * <p>Written either as vCPU ({@code 0.25}, {@code 0.5}, {@code 1}, {@code 2}) or as Kubernetes millicores
 * ({@code 250m}, {@code 1500m}). ECS CPU units ({@code 256} = a quarter vCPU) are deliberately not accepted:
 * a bare {@code 256} would mean 256 vCPU and is rejected with a hint. {@link #ecsUnits()} converts for ECS
 * (1 vCPU = 1024 units), {@link #kubernetes()} for Kubernetes.
 *
 * @param millicores thousandths of a vCPU, at least 1
 */
public record CpuQuantity(int millicores) {
    private static final Pattern MILLI = Pattern.compile("([0-9]+)m");
    private static final Pattern VCPU = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    public CpuQuantity {
        if (millicores < 1) {
            throw new IllegalArgumentException("cpu must be positive");
        }
    }

    /**
     * Parses {@code 0.25}, {@code 1}, {@code 250m}.
     *
     * @throws IllegalArgumentException with the expected forms in the message
     */
    public static CpuQuantity parse(String text) {
        String t = text.trim();
        Matcher m = MILLI.matcher(t);
        if (m.matches()) {
            long v = Long.parseLong(m.group(1));
            if (v < 1 || v > 192_000) {
                throw new IllegalArgumentException("cpu '" + text + "' is out of range (1m to 192000m)");
            }
            return new CpuQuantity((int) v);
        }
        if (VCPU.matcher(t).matches()) {
            BigDecimal vcpu = new BigDecimal(t);
            if (vcpu.compareTo(new BigDecimal("192")) > 0) {
                throw new IllegalArgumentException("cpu '" + text + "' means " + text + " vCPU, more than any task has");
            }
            BigDecimal milli = vcpu.movePointRight(3);
            if (milli.signum() <= 0 || milli.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("cpu '" + text + "' must be a positive multiple of 0.001 vCPU");
            }
            return new CpuQuantity(milli.intValueExact());
        }
        throw new IllegalArgumentException("cpu '" + text + "' is not a vCPU number (0.25, 0.5, 1) or millicores (250m)");
    }

    /** ECS CPU units: 1 vCPU = 1024, rounded to the nearest unit (250m gives 256). */
    public int ecsUnits() {
        return (int) Math.round(millicores * 1024.0 / 1000.0);
    }

    /** The Kubernetes quantity, e.g. {@code 250m} or {@code 2}. */
    public String kubernetes() {
        return millicores % 1000 == 0 ? Integer.toString(millicores / 1000) : millicores + "m";
    }

    /** vCPU as written in the pipeline file, e.g. {@code 0.25}. */
    @Override
    public String toString() {
        return BigDecimal.valueOf(millicores).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
