package dev.uniformpipeline.core.spec.v1;

import java.util.List;
import java.util.Map;

/**
 * An extra container in the task/pod. In templates and overrides, sidecars merge by {@code name}.
 *
 * @param name      container name, unique in the task, not the pipeline name
 * @param image     image reference
 * @param essential the task stops when this container stops (ECS)
 * @param command   replaces the image entrypoint
 * @param env       plain environment variables
 * @param secrets   environment variables from Secrets Manager / SSM ARNs
 * @param ports     container ports
 * @param cpu       container CPU reservation
 * @param memory    container memory limit
 * @param dependsOn start order
 */
public record SidecarSpec(
        @Required String name,
        @Required String image,
        @Default("false") Boolean essential,
        List<String> command,
        Map<String, String> env,
        Map<String, SecretRef> secrets,
        List<Integer> ports,
        @Nullable CpuQuantity cpu,
        @Nullable MemorySize memory,
        List<ContainerDependency> dependsOn) {
    public SidecarSpec {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Util.copy(env);
        secrets = secrets == null ? Map.of() : Util.copy(secrets);
        ports = ports == null ? List.of() : List.copyOf(ports);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
