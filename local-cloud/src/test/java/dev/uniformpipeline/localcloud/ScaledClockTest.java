package dev.uniformpipeline.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaledClockTest {
    @Test
    void wallDurationShrinksByTheFactor() {
        ScaledClock clock = new ScaledClock(20);
        assertEquals(Duration.ofSeconds(6), clock.toWall(Duration.ofMinutes(2)));
    }

    @Test
    void advanceJumpsForwardAndWakesSleepers() throws Exception {
        ScaledClock clock = new ScaledClock(0.0001, Instant.parse("2030-01-01T00:00:00Z"));
        Thread sleeper = new Thread(() -> {
            try {
                clock.sleep(Duration.ofHours(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sleeper.start();
        while (sleeper.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        clock.advance(Duration.ofHours(1));
        sleeper.join(10_000);
        assertTrue(!sleeper.isAlive(), "sleeper woke up after the clock passed its deadline");
        assertTrue(!clock.now().isBefore(Instant.parse("2030-01-01T01:00:00Z")));
    }

    @Test
    void rejectsNonPositiveFactorsAndBackwardJumps() {
        assertThrows(IllegalArgumentException.class, () -> new ScaledClock(0));
        assertThrows(IllegalArgumentException.class, () -> new ScaledClock(1).advance(Duration.ofSeconds(-1)));
    }
}
