/**
 * What an ECS task does once local ECS has placed it: the {@link dev.uniformpipeline.localcloud.ecs.runtime.TaskRuntime}
 * interface and its two implementations.
 *
 * <h2>Addresses</h2>
 * Each awsvpc task (every Fargate task) gets its own loopback address {@code 127.0.<n>.<m>} from
 * {@link dev.uniformpipeline.localcloud.ecs.runtime.LoopbackAddressPool}, reported as the ENI's
 * {@code privateIPv4Address} and registered in target groups of type {@code ip} as {@code <ip>:<containerPort>}.
 * Each EC2 container instance gets one address too; bridge and host tasks bind on it (hostPort 0 gives a
 * dynamic port) and register as {@code <instance id>:<hostPort>}. Addresses are reused oldest-released-first
 * and only after the pool's never-used addresses are exhausted.
 *
 * <h2>Simulated containers (the contract)</h2>
 * A simulated container is an HTTP server in the local-cloud JVM listening on each {@code containerPort}
 * (or hostPort) of its task's address. Every path answers {@code 200} with a JSON body naming the task id,
 * container, image and digest, e.g. {@code {"task":"6f1c…","container":"web","image":"…/orders:v2",…}}, so a
 * request through a load balancer shows which version answered. Its behaviour comes from the image's labels
 * ({@code ResolvedImage.labels}), overridden by the container's environment (either the label name itself or
 * its upper-case form with {@code _}, e.g. {@code UNIFORM_SIM_BEHAVIOR}):
 * <ul>
 *   <li>{@code uniform.sim.behavior} — {@code healthy} (default): serves 200 everywhere;
 *       {@code unhealthy}: health paths answer 503, other paths 200, the container health check fails;
 *       {@code crash}: serves, then exits with {@code uniform.sim.exitCode} after {@code uniform.sim.after};
 *       {@code slow-start}: listens only after {@code uniform.sim.after};
 *       {@code exit}: exits with {@code uniform.sim.exitCode} at once.</li>
 *   <li>{@code uniform.sim.after} — cloud time such as {@code 20s}, {@code 2m}, {@code 500ms} (default 20s).</li>
 *   <li>{@code uniform.sim.exitCode} — default 1.</li>
 *   <li>{@code uniform.sim.healthPath} — an extra health path; health paths are also taken from the target
 *       groups the task is registered in, and default to {@code /health}.</li>
 * </ul>
 * SIGTERM (StopTask, scale-in, replacement) makes a simulated container exit with 0. The container's output
 * lines go to CloudWatch Logs when its logConfiguration is awslogs. An image the ImageResolver cannot find never
 * reaches the runtime: the task stops with {@code CannotPullContainerError} (stopCode TaskFailedToStart).
 *
 * <h2>Real containers</h2>
 * {@link dev.uniformpipeline.localcloud.ecs.runtime.AutoRuntime#detect} uses podman when {@code podman info}
 * works: images without a {@code uniform.sim.behavior} label or variable are pulled from local ECR's registry
 * endpoint and run with {@code -p <task ip>:<hostPort>:<containerPort>}. All times are cloud times
 * (they scale with the clock factor).
 */
package dev.uniformpipeline.localcloud.ecs.runtime;
