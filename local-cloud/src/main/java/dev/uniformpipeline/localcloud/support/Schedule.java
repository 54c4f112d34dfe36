package dev.uniformpipeline.localcloud.support;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schedule expressions of EventBridge rules and Application Auto Scaling scheduled actions:
 * {@code rate(N unit)}, 6-field {@code cron(min hour day-of-month month day-of-week year)} and (Auto Scaling
 * only) {@code at(yyyy-mm-ddThh:mm:ss)}. Parsing validates the syntax AWS documents; {@link #nextAfter} tells
 * when it fires next.
 */
public abstract sealed class Schedule permits Schedule.Rate, Schedule.Cron, Schedule.At {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11),
            Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5,
            "FRI", 6, "SAT", 7);

    /**
     * @param strictRateUnits EventBridge: a value of 1 needs the singular unit, larger values the plural
     * @param allowAt         Application Auto Scaling's one-time {@code at(...)}
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static Schedule parse(String expression, boolean strictRateUnits, boolean allowAt, ZoneId zone) {
        if (expression == null) {
            throw new IllegalArgumentException("schedule expression is missing");
        }
        String e = expression.trim();
        Matcher m = RATE.matcher(e);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("rate value too large: " + expression);
            }
            String unit = m.group(2);
            if (n < 1) {
                throw new IllegalArgumentException("rate value must be a positive number: " + expression);
            }
            boolean plural = unit.endsWith("s");
            if (strictRateUnits && (n == 1) == plural) {
                throw new IllegalArgumentException("rate(" + n + " " + unit + "): use the singular unit for 1 and the"
                        + " plural for larger values, e.g. rate(1 minute), rate(5 minutes)");
            }
            Duration unitLen = switch (unit.replaceAll("s$", "")) {
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return new Rate(unitLen.multipliedBy(n));
        }
        m = CRON.matcher(e);
        if (m.matches()) {
            return Cron.parse(m.group(1), zone);
        }
        if (allowAt) {
            m = AT.matcher(e);
            if (m.matches()) {
                try {
                    return new At(LocalDateTime.parse(m.group(1)).atZone(zone).toInstant());
                } catch (DateTimeParseException x) {
                    throw new IllegalArgumentException("at(): not a valid date and time: " + expression);
                }
            }
        }
        throw new IllegalArgumentException("not a valid schedule expression: " + expression + " (expected rate(N unit)"
                + ", cron(min hour day-of-month month day-of-week year)" + (allowAt ? " or at(yyyy-mm-ddThh:mm:ss)"
                : "") + ")");
    }

    /** The first firing strictly after {@code t}; {@code anchor} is when the schedule was created (rate only). */
    public abstract Optional<Instant> nextAfter(Instant anchor, Instant t);

    /** Every {@code period}, counted from the anchor. */
    public static final class Rate extends Schedule {
        private final Duration period;

        Rate(Duration period) {
            this.period = period;
        }

        public Duration period() {
            return period;
        }

        @Override
        public Optional<Instant> nextAfter(Instant anchor, Instant t) {
            if (t.isBefore(anchor)) {
                return Optional.of(anchor.plus(period));
            }
            long n = Duration.between(anchor, t).toNanos() / period.toNanos() + 1;
            return Optional.of(anchor.plus(period.multipliedBy(n)));
        }
    }

    /** Once. */
    public static final class At extends Schedule {
        private final Instant when;

        At(Instant when) {
            this.when = when;
        }

        @Override
        public Optional<Instant> nextAfter(Instant anchor, Instant t) {
            return when.isAfter(t) ? Optional.of(when) : Optional.empty();
        }
    }

    /** AWS's 6-field cron. */
    public static final class Cron extends Schedule {
        private final BitSet minutes;
        private final BitSet hours;
        private final BitSet months;
        private final BitSet years;
        private final String dom;
        private final String dow;
        private final ZoneId zone;

        private Cron(BitSet minutes, BitSet hours, String dom, BitSet months, String dow, BitSet years, ZoneId zone) {
            this.minutes = minutes;
            this.hours = hours;
            this.dom = dom;
            this.months = months;
            this.dow = dow;
            this.years = years;
            this.zone = zone;
        }

        static Cron parse(String body, ZoneId zone) {
            String[] f = body.trim().split("\\s+");
            if (f.length != 6) {
                throw new IllegalArgumentException("cron() needs 6 fields (minutes hours day-of-month month "
                        + "day-of-week year), got " + f.length + ": cron(" + body + ")");
            }
            boolean domQ = f[2].equals("?");
            boolean dowQ = f[4].equals("?");
            if (domQ == dowQ) {
                throw new IllegalArgumentException("cron(" + body + "): exactly one of day-of-month and day-of-week "
                        + "must be '?' (if one is set, the other must be '?')");
            }
            BitSet minutes = field(f[0], 0, 59, Map.of(), "minutes");
            BitSet hours = field(f[1], 0, 23, Map.of(), "hours");
            BitSet months = field(f[3], 1, 12, MONTHS, "month");
            BitSet years = field(f[5], 1970, 2199, Map.of(), "year");
            if (!domQ) {
                validateDom(f[2]);
            }
            if (!dowQ) {
                validateDow(f[4]);
            }
            return new Cron(minutes, hours, f[2], months, f[4], years, zone);
        }

        private static void validateDom(String s) {
            if (s.equals("L") || s.matches("([1-9]|[12]\\d|3[01])W")) {
                return;
            }
            field(s, 1, 31, Map.of(), "day-of-month");
        }

        private static void validateDow(String s) {
            String u = s.toUpperCase(Locale.ROOT);
            if (u.matches("([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)L") || u.equals("L")
                    || u.matches("([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)#[1-5]")) {
                return;
            }
            field(s, 1, 7, DAYS, "day-of-week");
        }

        private static BitSet field(String s, int min, int max, Map<String, Integer> names, String what) {
            BitSet b = new BitSet();
            for (String part : s.split(",", -1)) {
                if (part.isEmpty()) {
                    throw bad(what, s);
                }
                int step = 1;
                String range = part;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    range = part.substring(0, slash);
                    step = number(part.substring(slash + 1), 1, max, Map.of(), what, s);
                }
                int lo;
                int hi;
                if (range.equals("*")) {
                    lo = min;
                    hi = max;
                } else {
                    int dash = range.indexOf('-');
                    if (dash > 0) {
                        lo = number(range.substring(0, dash), min, max, names, what, s);
                        hi = number(range.substring(dash + 1), min, max, names, what, s);
                        if (hi < lo) {
                            throw bad(what, s);
                        }
                    } else {
                        lo = number(range, min, max, names, what, s);
                        hi = slash >= 0 ? max : lo;
                    }
                }
                for (int v = lo; v <= hi; v += step) {
                    b.set(v);
                }
            }
            return b;
        }

        private static int number(String s, int min, int max, Map<String, Integer> names, String what, String all) {
            Integer named = names.get(s.toUpperCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
            try {
                int v = Integer.parseInt(s);
                if (v < min || v > max) {
                    throw bad(what, all);
                }
                return v;
            } catch (NumberFormatException e) {
                throw bad(what, all);
            }
        }

        private static IllegalArgumentException bad(String what, String value) {
            return new IllegalArgumentException("cron(): invalid " + what + " field '" + value + "'");
        }

        boolean dayMatches(LocalDate d) {
            if (!dom.equals("?")) {
                if (dom.equals("L")) {
                    return d.getDayOfMonth() == d.lengthOfMonth();
                }
                if (dom.endsWith("W")) {
                    int target = Math.min(Integer.parseInt(dom.substring(0, dom.length() - 1)), d.lengthOfMonth());
                    LocalDate t = d.withDayOfMonth(target);
                    if (t.getDayOfWeek() == DayOfWeek.SATURDAY) {
                        t = target == 1 ? t.plusDays(2) : t.minusDays(1);
                    } else if (t.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        t = target == d.lengthOfMonth() ? t.minusDays(2) : t.plusDays(1);
                    }
                    return t.equals(d);
                }
                return field(dom, 1, 31, Map.of(), "day-of-month").get(d.getDayOfMonth());
            }
            int awsDow = d.getDayOfWeek().getValue() % 7 + 1; // SUN=1 .. SAT=7
            String u = dow.toUpperCase(Locale.ROOT);
            if (u.equals("L")) {
                return awsDow == 7;
            }
            if (u.endsWith("L")) {
                int want = number(u.substring(0, u.length() - 1), 1, 7, DAYS, "day-of-week", dow);
                return awsDow == want && d.plusWeeks(1).getMonthValue() != d.getMonthValue();
            }
            int hash = u.indexOf('#');
            if (hash > 0) {
                int want = number(u.substring(0, hash), 1, 7, DAYS, "day-of-week", dow);
                int nth = Integer.parseInt(u.substring(hash + 1));
                return awsDow == want && (d.getDayOfMonth() - 1) / 7 + 1 == nth;
            }
            return field(dow, 1, 7, DAYS, "day-of-week").get(awsDow);
        }

        @Override
        public Optional<Instant> nextAfter(Instant anchor, Instant t) {
            ZonedDateTime start = t.atZone(zone == null ? ZoneOffset.UTC : zone).truncatedTo(ChronoUnit.MINUTES)
                    .plusMinutes(1);
            LocalDate day = start.toLocalDate();
            for (int i = 0; i < 366 * 5; i++, day = day.plusDays(1)) {
                if (!years.get(day.getYear())) {
                    if (day.getYear() > 2199) {
                        return Optional.empty();
                    }
                    day = day.with(TemporalAdjusters.lastDayOfYear());
                    continue;
                }
                if (!months.get(day.getMonthValue()) || !dayMatches(day)) {
                    continue;
                }
                for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                    for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                        ZonedDateTime at = day.atTime(h, m).atZone(start.getZone());
                        if (!at.isBefore(start)) {
                            return Optional.of(at.toInstant());
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }
}
