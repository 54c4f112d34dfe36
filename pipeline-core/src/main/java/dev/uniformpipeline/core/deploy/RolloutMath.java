package dev.uniformpipeline.core.deploy;

/**
 * The surge/unavailable arithmetic shared by every target. The intent is resolved the Kubernetes way at
 * the nominal replica count (surge percentages round up, unavailable percentages round down); ECS gets
 * the {@code maximumPercent}/{@code minimumHealthyPercent} that make ECS's own arithmetic
 * (ceiling = floor(desired x max / 100), floor = ceil(desired x min / 100)) produce exactly the same task
 * counts. When the user wrote a percentage, that percentage is preferred among the exact choices, so the
 * two also agree at other counts an autoscaler may pick wherever the arithmetic allows.
 */
public final class RolloutMath {
    private RolloutMath() {
    }

    /**
     * Effective counts at the nominal desired count.
     *
     * @param desired     desired count
     * @param surge       tasks/pods allowed above desired
     * @param unavailable tasks/pods allowed below desired
     */
    public record Counts(int desired, int surge, int unavailable) {
        /** Most tasks/pods that may exist at once. */
        public int ceiling() {
            return desired + surge;
        }

        /** Fewest healthy tasks/pods that must stay up. */
        public int floor() {
            return Math.max(0, desired - unavailable);
        }

        /** Whether a rollout can make progress at all. */
        public boolean canProgress() {
            return surge > 0 || unavailable > 0;
        }
    }

    /** The ECS deployment configuration percentages for a rollout. */
    public record EcsPercents(int maximumPercent, int minimumHealthyPercent) {
    }

    public static Counts resolve(int desired, RolloutIntent rollout) {
        int surge = rollout.maxSurge().resolve(desired, true);
        int unavailable = Math.min(desired, rollout.maxUnavailable().resolve(desired, false));
        return new Counts(desired, surge, unavailable);
    }

    /** ECS ceiling for a maximumPercent, as the ECS scheduler computes it. */
    public static int ecsCeiling(int desired, int maximumPercent) {
        return (int) ((long) desired * maximumPercent / 100);
    }

    /** ECS floor for a minimumHealthyPercent, as the ECS scheduler computes it. */
    public static int ecsFloor(int desired, int minimumHealthyPercent) {
        return (int) (((long) desired * minimumHealthyPercent + 99) / 100);
    }

    public static EcsPercents ecsPercents(int desired, RolloutIntent rollout) {
        Counts c = resolve(desired, rollout);
        if (desired == 0) {
            int surgePct = rollout.maxSurge().percent() ? rollout.maxSurge().value() : 100;
            int unavailPct = rollout.maxUnavailable().percent() ? rollout.maxUnavailable().value() : 0;
            return new EcsPercents(100 + surgePct, Math.max(0, 100 - unavailPct));
        }
        int preferredMax = rollout.maxSurge().percent() ? 100 + rollout.maxSurge().value()
                : 100 + (int) ((100L * c.surge()) / desired);
        int preferredMin = rollout.maxUnavailable().percent() ? 100 - Math.min(100, rollout.maxUnavailable().value())
                : 100 - (int) ((100L * c.unavailable()) / desired);
        return new EcsPercents(maximumPercent(desired, c.ceiling(), preferredMax),
                minimumHealthyPercent(desired, c.floor(), preferredMin));
    }

    private static int maximumPercent(int desired, int ceiling, int preferred) {
        int upper = 100 + (int) ((100L * (ceiling - desired + 1)) / desired) + 2;
        int best = -1;
        for (int m = 100; m <= upper; m++) {
            if (ecsCeiling(desired, m) == ceiling && (best < 0 || Math.abs(m - preferred) < Math.abs(best - preferred))) {
                best = m;
            }
        }
        if (best >= 0) {
            return best;
        }
        // Large counts: no integer percentage hits the count exactly; take the largest that stays within it,
        // but never one that removes the surge the user asked for.
        for (int m = upper; m >= 100; m--) {
            if (ecsCeiling(desired, m) <= ceiling && (ecsCeiling(desired, m) > desired || ceiling == desired)) {
                return m;
            }
        }
        return 100 + (int) ((100L * (ceiling - desired) + desired - 1) / desired);
    }

    private static int minimumHealthyPercent(int desired, int floor, int preferred) {
        int best = -1;
        for (int m = 0; m <= 100; m++) {
            if (ecsFloor(desired, m) == floor && (best < 0 || Math.abs(m - preferred) < Math.abs(best - preferred))) {
                best = m;
            }
        }
        if (best >= 0) {
            return best;
        }
        // No exact percentage: keep at least the floor healthy (the safer side), while still letting one task go
        // when the user allowed unavailability.
        for (int m = 0; m <= 100; m++) {
            if (ecsFloor(desired, m) >= floor && (ecsFloor(desired, m) < desired || floor == desired)) {
                return m;
            }
        }
        return 100;
    }
}
