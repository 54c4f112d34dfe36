package dev.uniformpipeline.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1h30m} (or ISO-8601 {@code PT30M}); positive. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PARTS = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Override
    public Duration convert(String value) {
        Duration d;
        Matcher m = PARTS.matcher(value.trim());
        if (!value.isBlank() && m.matches()) {
            d = Duration.ofHours(num(m.group(1))).plusMinutes(num(m.group(2))).plusSeconds(num(m.group(3)));
        } else {
            try {
                d = Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (write e.g. 90s, 30m, 1h30m)");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
        }
        return d;
    }

    private static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }
}
