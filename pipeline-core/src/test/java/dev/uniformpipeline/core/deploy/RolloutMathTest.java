package dev.uniformpipeline.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RolloutMathTest {

    private static RolloutIntent rollout(String surge, String unavailable) {
        return RolloutIntent.rolling(surge, unavailable, Duration.ofMinutes(10), RolloutIntent.Rollback.AUTO);
    }

    @Test
    void ecsPercentagesGiveKubernetesTaskCountsForEveryCountUpTo100() {
        String[] amounts = {"0%", "1%", "10%", "25%", "30%", "33%", "50%", "75%", "100%", "0", "1", "2", "5"};
        for (int desired = 1; desired <= 100; desired++) {
            for (String surge : amounts) {
                for (String unavailable : amounts) {
                    RolloutIntent r = rollout(surge, unavailable);
                    RolloutMath.Counts k8s = RolloutMath.resolve(desired, r);
                    if (!k8s.canProgress()) {
                        continue;
                    }
                    RolloutMath.EcsPercents pct = RolloutMath.ecsPercents(desired, r);
                    String where = "desired " + desired + " surge " + surge + " unavailable " + unavailable + " -> " + pct;
                    assertEquals(k8s.ceiling(), RolloutMath.ecsCeiling(desired, pct.maximumPercent()), where);
                    assertEquals(k8s.floor(), RolloutMath.ecsFloor(desired, pct.minimumHealthyPercent()), where);
                    assertTrue(pct.maximumPercent() >= 100 && pct.minimumHealthyPercent() >= 0
                            && pct.minimumHealthyPercent() <= 100, where);
                }
            }
        }
    }

    @Test
    void surgePercentageRoundsUpLikeKubernetesNotDownLikeANaiveEcsPercentage() {
        // 3 tasks, 25% surge: Kubernetes allows ceil(0.75) = 1 extra pod; ECS maximumPercent 125 would allow
        // floor(3.75) = 3 tasks, i.e. none extra, and the deployment would stall.
        RolloutIntent r = rollout("25%", "0%");
        assertEquals(1, RolloutMath.resolve(3, r).surge());
        assertEquals(3, RolloutMath.ecsCeiling(3, 125));
        RolloutMath.EcsPercents pct = RolloutMath.ecsPercents(3, r);
        assertEquals(4, RolloutMath.ecsCeiling(3, pct.maximumPercent()));
        assertEquals(100, pct.minimumHealthyPercent());
    }

    @Test
    void theUsersPercentageIsKeptWhenItIsAlreadyExact() {
        RolloutMath.EcsPercents pct = RolloutMath.ecsPercents(4, rollout("50%", "25%"));
        assertEquals(150, pct.maximumPercent());
        assertEquals(75, pct.minimumHealthyPercent());
    }

    @Test
    void largeServicesStillProgressWhenNoPercentageIsExact() {
        for (int desired : new int[] {101, 150, 333, 1000}) {
            RolloutIntent r = rollout("1", "0");
            RolloutMath.EcsPercents pct = RolloutMath.ecsPercents(desired, r);
            int ceiling = RolloutMath.ecsCeiling(desired, pct.maximumPercent());
            assertTrue(ceiling > desired, "desired " + desired + " must still be able to start a task: " + pct);
        }
    }

    @Test
    void zeroSurgeAndZeroUnavailableCannotProgress() {
        assertFalse(RolloutMath.resolve(2, rollout("0%", "0%")).canProgress());
        assertFalse(RolloutMath.resolve(3, rollout("25%", "25%")).surge() == 0);
        assertFalse(RolloutMath.resolve(3, rollout("0", "25%")).canProgress());
    }
}
