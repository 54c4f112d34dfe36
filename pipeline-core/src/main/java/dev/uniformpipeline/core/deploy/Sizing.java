package dev.uniformpipeline.core.deploy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU and memory as each platform writes them. A vCPU value is rendered as ECS CPU units (1 vCPU = 1024)
 * and as Kubernetes millicores (1 vCPU = 1000m); both are exact only for multiples of 0.125 vCPU, so the
 * validator accepts only those: the same intent must mean the same size everywhere.
 */
public final class Sizing {
    /** The smallest vCPU step that is exact both as ECS units and as Kubernetes millicores. */
    public static final BigDecimal CPU_STEP = new BigDecimal("0.125");

    private static final Map<Integer, List<Integer>> FARGATE = new TreeMap<>();

    static {
        FARGATE.put(256, List.of(512, 1024, 2048));
        FARGATE.put(512, range(1024, 4096, 1024));
        FARGATE.put(1024, range(2048, 8192, 1024));
        FARGATE.put(2048, range(4096, 16384, 1024));
        FARGATE.put(4096, range(8192, 30720, 1024));
        FARGATE.put(8192, range(16384, 61440, 4096));
        FARGATE.put(16384, range(32768, 122880, 8192));
    }

    private Sizing() {
    }

    private static List<Integer> range(int from, int to, int step) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int v = from; v <= to; v += step) {
            out.add(v);
        }
        return List.copyOf(out);
    }

    public static boolean isExact(BigDecimal vcpu) {
        return vcpu.signum() > 0 && vcpu.remainder(CPU_STEP).signum() == 0;
    }

    /** ECS CPU units (1024 per vCPU). */
    public static int cpuUnits(BigDecimal vcpu) {
        return vcpu.multiply(BigDecimal.valueOf(1024)).intValueExact();
    }

    /** Kubernetes millicores (1000 per vCPU). */
    public static int cpuMillis(BigDecimal vcpu) {
        return vcpu.multiply(BigDecimal.valueOf(1000)).intValueExact();
    }

    /** Kubernetes CPU quantity text, e.g. {@code 500m}. */
    public static String k8sCpu(BigDecimal vcpu) {
        return cpuMillis(vcpu) + "m";
    }

    /** Kubernetes memory quantity text, e.g. {@code 1024Mi}. */
    public static String k8sMemory(int mib) {
        return mib + "Mi";
    }

    /** Whether Fargate accepts this task size. */
    public static boolean fargateAccepts(int cpuUnits, int memoryMiB) {
        List<Integer> mem = FARGATE.get(cpuUnits);
        return mem != null && mem.contains(memoryMiB);
    }

    /** A human list of what Fargate accepts for this CPU, or the CPU values when the CPU itself is not valid. */
    public static String fargateHint(int cpuUnits, int memoryMiB) {
        List<Integer> mem = FARGATE.get(cpuUnits);
        if (mem == null) {
            return "Fargate task CPU must be one of 0.25, 0.5, 1, 2, 4, 8, 16 vCPU";
        }
        Optional<Integer> nearest = mem.stream().min((a, b) -> Integer.compare(Math.abs(a - memoryMiB), Math.abs(b - memoryMiB)));
        return "with " + BigDecimal.valueOf(cpuUnits).divide(BigDecimal.valueOf(1024)).stripTrailingZeros().toPlainString()
                + " vCPU Fargate accepts memory " + mem.get(0) + "-" + mem.get(mem.size() - 1) + " MiB in its steps; nearest: "
                + nearest.orElseThrow() + " MiB";
    }
}
