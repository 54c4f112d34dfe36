package dev.uniformpipeline.core.spec.v1;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of tasks/pods ({@code 1}) or a percentage of the desired count ({@code 25%}), as used by
 * {@code rollout.maxSurge} and {@code rollout.maxUnavailable}.
 *
 * @param value   the count or the percentage, never negative
 * @param percent true for a percentage
 */
public record CountOrPercent(int value, boolean percent) {
    private static final Pattern P = Pattern.compile("([0-9]{1,6})(%)?");

    public CountOrPercent {
        if (value < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
    }

    /**
     * Parses {@code 2} or {@code 25%}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static CountOrPercent parse(String text) {
        Matcher m = P.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a count (2) or a percentage (25%)");
        }
        return new CountOrPercent(Integer.parseInt(m.group(1)), m.group(2) != null);
    }

    /** Resolves against a desired count: a percentage rounds as the caller asks. */
    public int of(int desired, boolean roundUp) {
        if (!percent) {
            return value;
        }
        double v = desired * value / 100.0;
        return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
