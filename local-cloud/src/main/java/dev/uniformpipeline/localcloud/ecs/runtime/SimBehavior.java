package dev.uniformpipeline.localcloud.ecs.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a simulated container behaves, read from the image's labels and overridden by the container's
 * environment. See {@code package-info.java} for the contract.
 */
public record SimBehavior(Kind kind, Duration after, int exitCode, Optional<String> healthPath) {

    public static final String LABEL_BEHAVIOR = "uniform.sim.behavior";
    public static final String LABEL_AFTER = "uniform.sim.after";
    public static final String LABEL_EXIT_CODE = "uniform.sim.exitCode";
    public static final String LABEL_HEALTH_PATH = "uniform.sim.healthPath";

    public enum Kind { HEALTHY, UNHEALTHY, CRASH, SLOW_START, EXIT }

    /** True when labels or environment ask for simulation explicitly (any {@code uniform.sim.*} key). */
    public static boolean requested(Map<String, String> labels, Map<String, String> env) {
        return value(labels, env, LABEL_BEHAVIOR).isPresent();
    }

    /** Reads the behaviour; environment entries win over labels. Defaults: healthy, after 20s, exit code 1. */
    public static SimBehavior from(Map<String, String> labels, Map<String, String> env) {
        Kind kind = value(labels, env, LABEL_BEHAVIOR).map(SimBehavior::kind).orElse(Kind.HEALTHY);
        Duration after = value(labels, env, LABEL_AFTER).map(SimBehavior::duration).orElse(Duration.ofSeconds(20));
        int exit = value(labels, env, LABEL_EXIT_CODE).map(s -> parseInt(LABEL_EXIT_CODE, s)).orElse(1);
        return new SimBehavior(kind, after, exit, value(labels, env, LABEL_HEALTH_PATH));
    }

    private static Optional<String> value(Map<String, String> labels, Map<String, String> env, String key) {
        String envKey = key.toUpperCase(Locale.ROOT).replace('.', '_');
        for (String k : new String[] {key, envKey}) {
            String v = env.get(k);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        String v = labels == null ? null : labels.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static Kind kind(String s) {
        try {
            return Kind.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LABEL_BEHAVIOR + "=" + s
                    + " is not one of healthy, unhealthy, crash, slow-start, exit");
        }
    }

    /** {@code 20s}, {@code 2m}, {@code 500ms} or plain seconds. */
    static Duration duration(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            }
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LABEL_AFTER + "=" + s + " is not a duration like 20s, 2m or 500ms");
        }
    }

    private static int parseInt(String key, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + s + " is not an integer exit code");
        }
    }
}
