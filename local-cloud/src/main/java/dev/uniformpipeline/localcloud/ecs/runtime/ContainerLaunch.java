package dev.uniformpipeline.localcloud.ecs.runtime;

import dev.uniformpipeline.localcloud.spi.ImageResolver.ResolvedImage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything a runtime needs to start one container of a task.
 *
 * @param taskId        the last part of the task ARN
 * @param containerName the container definition's name
 * @param image         the image reference as written in the task definition
 * @param resolved      what the image resolver found for it
 * @param environment   the container's environment (task definition plus overrides)
 * @param bindAddress   the loopback address the container listens on (the task's ENI IP in awsvpc mode,
 *                      the container instance's IP in bridge/host mode)
 * @param ports         port mappings; a hostPort of 0 asks for a dynamic port
 * @param healthPaths   paths the load balancer's target groups probe (the simulated app answers them)
 * @param output        receives each line the container writes (stdout and stderr)
 */
public record ContainerLaunch(String taskId, String containerName, String image, ResolvedImage resolved,
        Map<String, String> environment, String bindAddress, List<PortBinding> ports, Set<String> healthPaths,
        Consumer<String> output) {

    public ContainerLaunch {
        environment = Map.copyOf(environment);
        ports = List.copyOf(ports);
        healthPaths = Set.copyOf(healthPaths);
    }

    /** One containerPort → hostPort mapping (tcp). */
    public record PortBinding(int containerPort, int hostPort) {
    }
}
