package dev.uniformpipeline.localcloud.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeploymentMathTest {

    @Test
    void desiredFourAtFiftyTwoHundredMayStopTwoOldOrStartFourNew() {
        assertEquals(2, DeploymentMath.floor(4, 50));
        assertEquals(8, DeploymentMath.ceiling(4, 200));
        DeploymentMath.Step step = DeploymentMath.step(4, 50, 200, 0, 4, 4, 0);
        assertEquals(4, step.start(), "4 new tasks fit under the ceiling of 8");
        assertEquals(2, step.stopHealthy(), "2 old tasks may stop while the floor of 2 stays healthy");
    }

    @Test
    void desiredTwoWithMinimumSeventyFiveKeepsBothOldTasksUntilNewOnesAreHealthy() {
        assertEquals(2, DeploymentMath.floor(2, 75), "ceil(1.5) = 2");
        DeploymentMath.Step step = DeploymentMath.step(2, 75, 200, 0, 2, 2, 0);
        assertEquals(0, step.stopHealthy());
        assertEquals(2, step.start());
        DeploymentMath.Step later = DeploymentMath.step(2, 75, 200, 2, 2, 3, 0);
        assertEquals(1, later.stopHealthy(), "one new task healthy: one old task may go");
    }

    @Test
    void desiredThreeWithMaximumOneTwentyFiveCanNeitherStartNorStop() {
        assertEquals(3, DeploymentMath.ceiling(3, 125), "floor(3.75) = 3");
        assertEquals(3, DeploymentMath.floor(3, 100));
        DeploymentMath.Step step = DeploymentMath.step(3, 100, 125, 0, 3, 3, 0);
        assertEquals(0, step.start());
        assertEquals(0, step.stopHealthy());
        assertTrue(step.stalled(3, 3));
        assertFalse(DeploymentMath.step(3, 66, 125, 0, 3, 3, 0).stalled(3, 3), "min 66% lets one old task stop");
    }

    @Test
    void breakerThresholdIsHalfTheDesiredCountClampedToThreeAndTwoHundred() {
        assertEquals(3, DeploymentMath.breakerThreshold(1));
        assertEquals(3, DeploymentMath.breakerThreshold(5));
        assertEquals(13, DeploymentMath.breakerThreshold(25));
        assertEquals(200, DeploymentMath.breakerThreshold(800));
    }
}
