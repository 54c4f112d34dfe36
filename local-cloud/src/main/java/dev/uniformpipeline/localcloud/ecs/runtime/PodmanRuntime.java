package dev.uniformpipeline.localcloud.ecs.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers for real with podman (runc), pulling from local ECR's registry endpoint
 * ({@code ResolvedImage.pullReference}) and publishing each port on the task's loopback address.
 * Starting is asynchronous: the pull and {@code podman run} happen on a thread, and a failure shows up as
 * an exit code (125, podman's own failure code) with the error in the container's output.
 */
public final class PodmanRuntime implements TaskRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(PodmanRuntime.class);
    private final String podman;

    public PodmanRuntime(String podmanExecutable) {
        this.podman = podmanExecutable;
    }

    /** True when {@code podman info} succeeds within 20 s. */
    public static boolean available(String podmanExecutable) {
        try {
            Process p = new ProcessBuilder(podmanExecutable, "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String mode(ContainerLaunch launch) {
        return "podman";
    }

    @Override
    public ContainerHandle start(ContainerLaunch launch) throws ContainerStartException {
        if (launch.resolved() == null || launch.resolved().pullReference() == null) {
            throw new ContainerStartException("CannotPullContainerError: no pull reference for " + launch.image());
        }
        List<ContainerLaunch.PortBinding> bound = new ArrayList<>();
        for (ContainerLaunch.PortBinding p : launch.ports()) {
            int host = p.hostPort();
            if (host == 0) {
                try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                    s.bind(new InetSocketAddress(launch.bindAddress(), 0));
                    host = s.getLocalPort();
                } catch (IOException e) {
                    throw new ContainerStartException("CannotStartContainerError: no free port", e);
                }
            }
            bound.add(new ContainerLaunch.PortBinding(p.containerPort(), host));
        }
        String name = "uniform-" + launch.taskId() + "-" + launch.containerName().replaceAll("[^A-Za-z0-9_.-]", "_");
        PodmanContainer c = new PodmanContainer(name, launch, bound);
        Thread t = new Thread(c::run, "podman-" + name);
        t.setDaemon(true);
        t.start();
        return c;
    }

    private final class PodmanContainer implements ContainerHandle {
        private final String name;
        private final ContainerLaunch launch;
        private final List<ContainerLaunch.PortBinding> bound;
        private volatile Integer exitCode;
        private volatile boolean started;

        PodmanContainer(String name, ContainerLaunch launch, List<ContainerLaunch.PortBinding> bound) {
            this.name = name;
            this.launch = launch;
            this.bound = List.copyOf(bound);
        }

        void run() {
            // lowered limits: runc in unprivileged build sandboxes cannot raise nofile/nproc to podman's defaults
            List<String> cmd = new ArrayList<>(List.of(podman, "run", "-d", "--name", name, "--tls-verify=false",
                    "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096"));
            for (ContainerLaunch.PortBinding p : bound) {
                cmd.add("-p");
                cmd.add(launch.bindAddress() + ":" + p.hostPort() + ":" + p.containerPort());
            }
            for (Map.Entry<String, String> e : launch.environment().entrySet()) {
                cmd.add("--env");
                cmd.add(e.getKey() + "=" + e.getValue());
            }
            cmd.add(launch.resolved().pullReference());
            try {
                int rc = exec(cmd, true);
                if (rc != 0) {
                    exitCode = 125;
                    return;
                }
                started = true;
                LOG.info("podman container {} started for task {}", name, launch.taskId());
                Thread logs = new Thread(() -> {
                    try {
                        exec(List.of(podman, "logs", "-f", name), true);
                    } catch (IOException | InterruptedException ignored) {
                        // logs end with the container
                    }
                }, "podman-logs-" + name);
                logs.setDaemon(true);
                logs.start();
                exec(List.of(podman, "wait", name), false);
                exitCode = inspectExitCode();
            } catch (IOException e) {
                launch.output().accept("podman: " + e.getMessage());
                exitCode = 125;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private int inspectExitCode() throws IOException, InterruptedException {
            Process p = new ProcessBuilder(podman, "inspect", "--format", "{{.State.ExitCode}}", name)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            try {
                return Integer.parseInt(out);
            } catch (NumberFormatException e) {
                return 125;
            }
        }

        private int exec(List<String> cmd, boolean forwardOutput) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (forwardOutput) {
                        launch.output().accept(line);
                    }
                }
            }
            return p.waitFor();
        }

        @Override
        public String runtimeId() {
            return name;
        }

        @Override
        public List<ContainerLaunch.PortBinding> boundPorts() {
            return bound;
        }

        @Override
        public OptionalInt exitCode() {
            Integer c = exitCode;
            return c == null ? OptionalInt.empty() : OptionalInt.of(c);
        }

        @Override
        public boolean healthCheckPasses() {
            if (!started || exitCode != null) {
                return false;
            }
            if (bound.isEmpty()) {
                return true;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(launch.bindAddress(), bound.get(0).hostPort()), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public int stop(Duration stopTimeout) {
            try {
                exec(List.of(podman, "stop", "-t", Long.toString(Math.max(1, stopTimeout.toSeconds())), name), false);
                Integer c = exitCode;
                int code = c != null ? c : inspectExitCode();
                exec(List.of(podman, "rm", "-f", name), false);
                exitCode = code;
                return code;
            } catch (IOException e) {
                return 137;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 137;
            }
        }
    }
}
