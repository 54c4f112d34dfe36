package dev.uniformpipeline.localcloud.ecs.runtime;

import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses per container: images (or containers) that carry {@code uniform.sim.behavior} always run
 * simulated; other images run in podman when {@code podman info} works, else simulated as a healthy app.
 * The choice is logged once at start-up and reported per task by {@link #mode(ContainerLaunch)}.
 */
public final class AutoRuntime implements TaskRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(AutoRuntime.class);
    private final SimulatedRuntime simulated;
    private final PodmanRuntime podman;

    public AutoRuntime(SimulatedRuntime simulated, PodmanRuntime podmanOrNull) {
        this.simulated = simulated;
        this.podman = podmanOrNull;
    }

    /** Probes {@code podman info} and logs the mode chosen. */
    public static AutoRuntime detect(CloudClock clock) {
        boolean real = PodmanRuntime.available("podman");
        LOG.info("ECS task runtime: {}", real
                ? "podman available: images without uniform.sim.* labels run for real, labelled ones simulated"
                : "simulated (podman info failed or podman is not installed)");
        return new AutoRuntime(new SimulatedRuntime(clock), real ? new PodmanRuntime("podman") : null);
    }

    @Override
    public String mode(ContainerLaunch launch) {
        return pick(launch).mode(launch);
    }

    private TaskRuntime pick(ContainerLaunch launch) {
        Map<String, String> labels = launch.resolved() == null ? Map.of() : launch.resolved().labels();
        if (podman == null || SimBehavior.requested(labels, launch.environment())) {
            return simulated;
        }
        return podman;
    }

    @Override
    public ContainerHandle start(ContainerLaunch launch) throws ContainerStartException {
        return pick(launch).start(launch);
    }

    @Override
    public void close() {
        simulated.close();
    }
}
