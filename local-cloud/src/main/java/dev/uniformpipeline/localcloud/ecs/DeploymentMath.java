package dev.uniformpipeline.localcloud.ecs;

/** The rolling-update arithmetic of the ECS scheduler (AWS-FACTS §2). */
public final class DeploymentMath {
    private DeploymentMath() {
    }

    /** Tasks that must stay RUNNING and healthy: {@code ceil(desired × min / 100)}. */
    public static int floor(int desired, int minimumHealthyPercent) {
        return (int) Math.ceil(desired * (double) minimumHealthyPercent / 100.0);
    }

    /** Tasks that may be RUNNING or PENDING at once: {@code floor(desired × max / 100)}. */
    public static int ceiling(int desired, int maximumPercent) {
        return (int) Math.floor(desired * (double) maximumPercent / 100.0);
    }

    /** Circuit-breaker failure threshold: {@code ceil(0.5 × desired)} clamped to 3..200. */
    public static int breakerThreshold(int desired) {
        int t = (int) Math.ceil(desired * 0.5);
        return Math.max(3, Math.min(200, t));
    }

    /**
     * One step of a rolling update.
     *
     * @param desired       the service's desired count
     * @param newAlive      tasks of the new deployment that are not stopping
     * @param oldAlive      tasks of older deployments that are not stopping
     * @param healthy       healthy RUNNING tasks across all deployments
     * @param oldUnhealthy  old tasks that do not count as healthy (free to stop)
     * @return how many new tasks to start and how many healthy old tasks may be stopped now
     */
    public static Step step(int desired, int minPercent, int maxPercent, int newAlive, int oldAlive, int healthy,
            int oldUnhealthy) {
        int ceiling = ceiling(desired, maxPercent);
        int floor = floor(desired, minPercent);
        int start = Math.max(0, Math.min(desired - newAlive, ceiling - newAlive - oldAlive));
        int oldHealthy = oldAlive - oldUnhealthy;
        int stopHealthy = Math.max(0, Math.min(oldHealthy, healthy - floor));
        return new Step(start, stopHealthy, oldUnhealthy);
    }

    /** {@code stopUnhealthy} old tasks that are not healthy can always go; {@code stopHealthy} healthy ones may. */
    public record Step(int start, int stopHealthy, int stopUnhealthy) {
        public boolean stalled(int needed, int oldAlive) {
            return needed > 0 && oldAlive > 0 && start == 0 && stopHealthy == 0 && stopUnhealthy == 0;
        }
    }
}
