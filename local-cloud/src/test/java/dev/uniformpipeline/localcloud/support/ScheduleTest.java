package dev.uniformpipeline.localcloud.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {
    static final ZoneId UTC = ZoneOffset.UTC;
    static final Instant T = Instant.parse("2030-03-14T10:07:30Z"); // a Thursday

    static Instant next(String expr, Instant after) {
        return Schedule.parse(expr, true, true, UTC).nextAfter(after, after).orElseThrow();
    }

    @Test
    void rateFiresEveryPeriodFromItsAnchor() {
        Schedule s = Schedule.parse("rate(5 minutes)", true, false, UTC);
        assertEquals(T.plus(Duration.ofMinutes(5)), s.nextAfter(T, T).orElseThrow());
        assertEquals(T.plus(Duration.ofMinutes(10)), s.nextAfter(T, T.plus(Duration.ofMinutes(5))).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(2 weeks)",
            "cron(0 20 * * * *)", "cron(0 20 ? * ? *)", "cron(0 20 * *)", "cron(60 20 * * ? *)",
            "cron(0 24 * * ? *)", "cron(0 8 32 * ? *)", "cron(0 8 ? * 8 *)", "every 5 minutes"})
    void invalidExpressionsAreRejectedWithAReason(String expr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedule.parse(expr, true, false, UTC));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void lenientRateUnitsForAutoScaling() {
        Schedule.parse("rate(1 minutes)", false, true, UTC);
    }

    @Test
    void cronComputesNextFiring() {
        assertEquals(Instant.parse("2030-03-14T20:00:00Z"), next("cron(0 20 * * ? *)", T));
        assertEquals(Instant.parse("2030-03-14T10:10:00Z"), next("cron(0/5 * * * ? *)", T));
        // next Monday 09:30
        assertEquals(Instant.parse("2030-03-18T09:30:00Z"), next("cron(30 9 ? * MON *)", T));
        assertEquals(Instant.parse("2030-03-15T08:00:00Z"), next("cron(0 8 ? * MON-FRI *)", T));
        assertEquals(Instant.parse("2030-03-31T00:00:00Z"), next("cron(0 0 L * ? *)", T));
        // second Tuesday of April
        assertEquals(Instant.parse("2030-04-09T12:00:00Z"), next("cron(0 12 ? APR 3#2 *)", T));
        assertEquals(Instant.parse("2031-01-01T00:00:00Z"), next("cron(0 0 1 1 ? 2031)", T));
    }

    @Test
    void atFiresOnceInItsZone() {
        Schedule s = Schedule.parse("at(2030-03-14T12:00:00)", false, true, ZoneId.of("Europe/Berlin"));
        assertEquals(Instant.parse("2030-03-14T11:00:00Z"), s.nextAfter(T, T).orElseThrow());
        assertTrue(s.nextAfter(T, Instant.parse("2030-03-14T11:00:00Z")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("at(2030-03-14T12:00:00)", true, false, UTC));
    }
}
