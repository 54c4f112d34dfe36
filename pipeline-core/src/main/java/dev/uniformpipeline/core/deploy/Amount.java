package dev.uniformpipeline.core.deploy;

/**
 * A task/pod count given either as an absolute number ({@code 1}) or as a percentage of the desired
 * count ({@code 25%}), as {@code rollout.maxSurge} and {@code rollout.maxUnavailable} are written.
 *
 * @param value   the number (a count, or a percentage when {@code percent})
 * @param percent whether {@code value} is a percentage
 */
public record Amount(int value, boolean percent) {
    public Amount {
        if (value < 0) {
            throw new IllegalArgumentException("an amount is never negative: " + value);
        }
    }

    public static Amount count(int n) {
        return new Amount(n, false);
    }

    public static Amount percent(int p) {
        return new Amount(p, true);
    }

    /** Parses {@code "25%"} or {@code "2"}. */
    public static Amount parse(String text) {
        String t = text.trim();
        if (t.endsWith("%")) {
            return percent(Integer.parseInt(t.substring(0, t.length() - 1).trim()));
        }
        return count(Integer.parseInt(t));
    }

    /** Resolves against {@code desired}: percentages round up (surge) or down (unavailable), as Kubernetes does. */
    int resolve(int desired, boolean roundUp) {
        if (!percent) {
            return value;
        }
        long scaled = (long) desired * value;
        return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
