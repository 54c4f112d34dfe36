package dev.uniformpipeline.localcloud.ecs.runtime;

import dev.uniformpipeline.localcloud.spi.ImageResolver;

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
 * Images that need registry credentials (local ECR: user {@code AWS}, an ECR token as password, from
 * {@code ResolvedImage.pullCredentials}) are pulled with {@code podman pull --creds} (plain HTTP loopback registry,
 * so {@code --tls-verify=false}) before {@code podman run --pull=never}. Starting is asynchronous: the pull and
 * {@code podman run} happen on a thread, and a failure shows up as an exit code (125, podman's own failure code)
 * with podman's error in the container's output. The output of {@code podman run -d} itself (pull progress, the
 * container id) is podman's, not the container's; the container's stdout/stderr is read with
 * {@code podman logs -f} until it exits.
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

        private volatile Thread runner;

        void run() {
            runner = Thread.currentThread();
            // lowered limits: runc in unprivileged build sandboxes cannot raise nofile/nproc to podman's defaults;
            // the registry is local-cloud's loopback endpoint (plain HTTP), which wants the ECR token as basic auth
            // (`podman run` has no --creds in podman 4.x, so the pull is its own step)
            List<String> pull = new ArrayList<>(List.of(podman, "pull", "-q", "--tls-verify=false"));
            ImageResolver.PullCredentials creds = launch.resolved().pullCredentials();
            if (creds != null) {
                pull.add("--creds");
                pull.add(creds.username() + ":" + creds.password());
            }
            pull.add(launch.resolved().pullReference());
            List<String> cmd = new ArrayList<>(List.of(podman, "run", "-d", "--name", name,
                    creds != null ? "--pull=never" : "--pull=missing", "--tls-verify=false",
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
                // `podman run -d` prints pull progress and the new container's id: that is podman's output, not
                // the container's. It only becomes the task's output when the start fails (the reason why).
                List<String> startOutput = new ArrayList<>();
                // with credentials (local ECR) the image is pulled every time, as the ECS agent does by default;
                // without, `podman run --pull=missing` uses a local image or pulls anonymously
                int rc = creds == null ? 0 : exec(pull, startOutput::add);
                if (rc != 0) {
                    launch.output().accept("CannotPullContainerError: podman pull " + launch.resolved().pullReference()
                            + " failed:");
                    startOutput.forEach(launch.output());
                    setExit(125);
                    return;
                }
                startOutput.clear();
                rc = exec(cmd, startOutput::add);
                if (rc != 0) {
                    startOutput.forEach(launch.output());
                    setExit(125);
                    return;
                }
                started = true;
                LOG.info("podman container {} started for task {}", name, launch.taskId());
                // the container's own stdout/stderr, from its first line until it exits
                Thread logs = new Thread(() -> {
                    try {
                        exec(List.of(podman, "logs", "-f", name), launch.output());
                    } catch (IOException | InterruptedException ignored) {
                        // logs end with the container
                    }
                }, "podman-logs-" + name);
                logs.setDaemon(true);
                logs.start();
                exec(List.of(podman, "wait", name), line -> { });
                logs.join(5_000); // deliver the last lines before the exit is reported
                setExit(inspectExitCode());
            } catch (IOException e) {
                launch.output().accept("podman: " + e.getMessage());
                setExit(125);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void setExit(int code) {
            if (exitCode == null) {
                exitCode = code;
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

        private int exec(List<String> cmd, java.util.function.Consumer<String> output)
                throws IOException, InterruptedException {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.accept(line);
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
                exec(List.of(podman, "stop", "-t", Long.toString(Math.max(1, stopTimeout.toSeconds())), name),
                        line -> { });
                Thread r = runner;
                if (r != null && r != Thread.currentThread()) {
                    r.join(15_000); // the runner records the exit code (and the last log lines) before removal
                }
                Integer c = exitCode;
                int code = c != null ? c : inspectExitCode();
                setExit(code);
                exec(List.of(podman, "rm", "-f", name), line -> { });
                return exitCode;
            } catch (IOException e) {
                setExit(137);
                return exitCode;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 137;
            }
        }
    }
}
