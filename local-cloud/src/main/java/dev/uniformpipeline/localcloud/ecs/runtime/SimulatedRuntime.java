package dev.uniformpipeline.localcloud.ecs.runtime;

import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each container as a tiny in-process HTTP server bound to the task's loopback address, behaving as
 * its image labels or environment say ({@link SimBehavior}). Every path answers 200 with a body naming the
 * task, container and image; health paths answer 503 when the behaviour is {@code unhealthy}. All containers'
 * ports are served by one {@link SimHttpServer} thread.
 */
public final class SimulatedRuntime implements TaskRuntime {
    private final CloudClock clock;
    private final ScheduledExecutorService timers;
    private final SimHttpServer http = new SimHttpServer("sim-http");

    public SimulatedRuntime(CloudClock clock) {
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.timers = Executors.newScheduledThreadPool(1, r -> daemon(r, "sim-timer-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String mode(ContainerLaunch launch) {
        return "simulated";
    }

    @Override
    public ContainerHandle start(ContainerLaunch launch) throws ContainerStartException {
        SimBehavior behavior;
        try {
            Map<String, String> labels = launch.resolved() == null ? Map.of() : launch.resolved().labels();
            behavior = SimBehavior.from(labels, launch.environment());
        } catch (IllegalArgumentException e) {
            throw new ContainerStartException("CannotStartContainerError: " + e.getMessage());
        }
        SimContainer c = new SimContainer(launch, behavior);
        c.begin();
        return c;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        http.close();
    }

    private final class SimContainer implements ContainerHandle {
        private final ContainerLaunch launch;
        private final SimBehavior behavior;
        private final String id = UUID.randomUUID().toString().replace("-", "");
        private final List<ContainerLaunch.PortBinding> bound = new ArrayList<>();
        private final List<SimHttpServer.Listener> servers = new ArrayList<>();
        private final Set<String> healthPaths = new HashSet<>();
        private final List<ScheduledFuture<?>> pending = new ArrayList<>();
        private Integer exitCode;
        private boolean listening;

        SimContainer(ContainerLaunch launch, SimBehavior behavior) {
            this.launch = launch;
            this.behavior = behavior;
            healthPaths.addAll(launch.healthPaths());
            behavior.healthPath().ifPresent(healthPaths::add);
            if (healthPaths.isEmpty()) {
                healthPaths.add("/health");
            }
        }

        void begin() throws ContainerStartException {
            for (ContainerLaunch.PortBinding p : launch.ports()) {
                int host = p.hostPort() == 0 ? freePort(launch.bindAddress()) : p.hostPort();
                bound.add(new ContainerLaunch.PortBinding(p.containerPort(), host));
            }
            say("uniform-sim: starting container " + launch.containerName() + " of task " + launch.taskId()
                    + " from image " + launch.image() + " (behavior " + behavior.kind().name().toLowerCase()
                    .replace('_', '-') + ")");
            switch (behavior.kind()) {
                case EXIT -> exit(behavior.exitCode(), "exiting at start");
                case SLOW_START -> {
                    say("uniform-sim: warming up for " + behavior.after().toSeconds() + "s");
                    later(behavior.after(), this::listenQuietly);
                }
                case CRASH -> {
                    listen();
                    later(behavior.after(), () -> exit(behavior.exitCode(), "crashing"));
                }
                default -> listen();
            }
        }

        private void later(Duration cloudDelay, Runnable r) {
            long nanos = Math.max(1, clock.toWall(cloudDelay).toNanos());
            synchronized (this) {
                pending.add(timers.schedule(r, nanos, TimeUnit.NANOSECONDS));
            }
        }

        private void listenQuietly() {
            try {
                listen();
            } catch (ContainerStartException e) {
                say("uniform-sim: " + e.getMessage());
                exit(1, "failed to listen");
            }
        }

        private synchronized void listen() throws ContainerStartException {
            if (exitCode != null) {
                return;
            }
            for (ContainerLaunch.PortBinding p : bound) {
                try {
                    servers.add(http.listen(new InetSocketAddress(launch.bindAddress(), p.hostPort()), 50,
                            this::handle));
                    say("uniform-sim: listening on " + launch.bindAddress() + ":" + p.hostPort());
                } catch (IOException e) {
                    stopServers();
                    throw new ContainerStartException("CannotStartContainerError: cannot bind "
                            + launch.bindAddress() + ":" + p.hostPort() + ": " + e.getMessage(), e);
                }
            }
            listening = true;
        }

        /** On the server's one thread: quick, and the log sink (in-memory Logs) never waits for ECS. */
        private SimHttpServer.Response handle(String method, String path) {
            boolean health = healthPaths.contains(path);
            int status = health && behavior.kind() == SimBehavior.Kind.UNHEALTHY ? 503 : 200;
            String digest = launch.resolved() == null ? "" : launch.resolved().digest();
            String body = "{\"task\":\"" + launch.taskId() + "\",\"container\":\"" + launch.containerName()
                    + "\",\"image\":\"" + launch.image() + "\",\"digest\":\"" + digest + "\",\"path\":\""
                    + path.replace("\"", "") + "\",\"status\":" + status + "}\n";
            if (!health) {
                say(method + " " + path + " " + status);
            }
            return new SimHttpServer.Response(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        private void exit(int code, String why) {
            synchronized (this) {
                if (exitCode != null) {
                    return;
                }
                stopServers();
                exitCode = code;
            }
            say("uniform-sim: " + why + ", exit code " + code);
        }

        private void stopServers() {
            for (SimHttpServer.Listener s : servers) {
                s.close();
            }
            servers.clear();
            listening = false;
        }

        private void say(String line) {
            try {
                launch.output().accept(line);
            } catch (RuntimeException ignored) {
                // a broken log sink does not kill the container
            }
        }

        @Override
        public String runtimeId() {
            return id;
        }

        @Override
        public synchronized List<ContainerLaunch.PortBinding> boundPorts() {
            return List.copyOf(bound);
        }

        @Override
        public synchronized OptionalInt exitCode() {
            return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
        }

        @Override
        public synchronized boolean healthCheckPasses() {
            return listening && exitCode == null && behavior.kind() != SimBehavior.Kind.UNHEALTHY;
        }

        @Override
        public int stop(Duration stopTimeout) {
            synchronized (this) {
                pending.forEach(f -> f.cancel(false));
                pending.clear();
            }
            exit(0, "received SIGTERM");
            return exitCode().orElse(0);
        }
    }

    private static int freePort(String address) throws ContainerStartException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ContainerStartException("CannotStartContainerError: no free port on " + address, e);
        }
    }
}
