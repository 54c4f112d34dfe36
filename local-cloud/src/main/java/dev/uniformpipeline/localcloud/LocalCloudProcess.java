package dev.uniformpipeline.localcloud;

import dev.uniformpipeline.localcloud.http.FrontDoor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A standalone local-cloud running as a detached background JVM that keeps its state in a state directory:
 * {@code local-cloud.pid}, {@code local-cloud.endpoint}, {@code local-cloud.log} and one {@code <service>.json}
 * per stateful service. This is the Java API behind {@code pipeline local-cloud start|stop|status}.
 */
public final class LocalCloudProcess {
    static final String PID_FILE = "local-cloud.pid";
    static final String ENDPOINT_FILE = "local-cloud.endpoint";
    static final String LOG_FILE = "local-cloud.log";
    /** A system property on the child's command line, ahead of the (long) classpath, to recognise its pid. */
    private static final String MARKER = "-Ddev.uniformpipeline.localcloud.stateDir";

    /** A running local-cloud. */
    public record Info(long pid, URI endpoint) {
    }

    /** How to start one. */
    public record Options(Path stateDir, int port, double clockFactor, RuntimeMode runtimeMode, Duration startTimeout,
            String javaCommand, String classpath) {
        public static Options of(Path stateDir) {
            return new Options(stateDir, 0, 1.0, RuntimeMode.SIMULATED, Duration.ofSeconds(60),
                    ProcessHandle.current().info().command().orElse("java"), System.getProperty("java.class.path"));
        }

        public Options port(int p) {
            return new Options(stateDir, p, clockFactor, runtimeMode, startTimeout, javaCommand, classpath);
        }

        public Options clockFactor(double f) {
            return new Options(stateDir, port, f, runtimeMode, startTimeout, javaCommand, classpath);
        }

        public Options runtimeMode(RuntimeMode m) {
            return new Options(stateDir, port, clockFactor, m, startTimeout, javaCommand, classpath);
        }

        public Options startTimeout(Duration t) {
            return new Options(stateDir, port, clockFactor, runtimeMode, t, javaCommand, classpath);
        }

        public Options classpath(String cp) {
            return new Options(stateDir, port, clockFactor, runtimeMode, startTimeout, javaCommand, cp);
        }
    }

    private LocalCloudProcess() {
    }

    /** {@code start(Options.of(stateDir).port(port).clockFactor(clockFactor))}. */
    public static Info start(Path stateDir, int port, double clockFactor) throws IOException, InterruptedException {
        return start(Options.of(stateDir).port(port).clockFactor(clockFactor));
    }

    /** Starts a detached local-cloud and waits until it answers. Fails if one already runs on this state dir. */
    public static Info start(Options o) throws IOException, InterruptedException {
        Path dir = o.stateDir().toAbsolutePath();
        Optional<Info> running = status(dir);
        if (running.isPresent()) {
            throw new IllegalStateException("local-cloud already running for " + dir + " (pid " + running.get().pid()
                    + ", " + running.get().endpoint() + "); stop it first");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(PID_FILE));
        Files.deleteIfExists(dir.resolve(ENDPOINT_FILE));
        List<String> cmd = new ArrayList<>(List.of(o.javaCommand(), MARKER + "=" + dir,
                "-D" + LocalCloud.HTTPSERVER_NODELAY + "=true", "-cp", o.classpath(),
                LocalCloudMain.class.getName(), "run", "--state-dir", dir.toString(), "--port",
                Integer.toString(o.port()), "--clock-factor", Double.toString(o.clockFactor()), "--runtime",
                o.runtimeMode().name().toLowerCase(java.util.Locale.ROOT)));
        Path log = dir.resolve(LOG_FILE);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + o.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("local-cloud exited with status " + p.exitValue()
                        + " while starting; its log " + log + " ends with:\n" + tail(log));
            }
            Optional<Info> info = status(dir);
            if (info.isPresent()) {
                return info.get();
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IllegalStateException("local-cloud did not answer within " + o.startTimeout() + "; log " + log
                + " ends with:\n" + tail(log));
    }

    /** Stops the local-cloud of this state dir (it saves its state first). Returns false if none was running. */
    public static boolean stop(Path stateDir, Duration timeout) throws IOException, InterruptedException {
        Path dir = stateDir.toAbsolutePath();
        Optional<ProcessHandle> h = process(dir);
        if (h.isEmpty()) {
            Files.deleteIfExists(dir.resolve(PID_FILE));
            Files.deleteIfExists(dir.resolve(ENDPOINT_FILE));
            return false;
        }
        ProcessHandle handle = h.get();
        handle.destroy();
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        Files.deleteIfExists(dir.resolve(PID_FILE));
        Files.deleteIfExists(dir.resolve(ENDPOINT_FILE));
        return true;
    }

    /** The local-cloud of this state dir, if its process is alive and answers. */
    public static Optional<Info> status(Path stateDir) throws IOException, InterruptedException {
        Path dir = stateDir.toAbsolutePath();
        Optional<ProcessHandle> h = process(dir);
        Path endpointFile = dir.resolve(ENDPOINT_FILE);
        if (h.isEmpty() || !Files.isRegularFile(endpointFile)) {
            return Optional.empty();
        }
        URI endpoint = URI.create(Files.readString(endpointFile, StandardCharsets.UTF_8).trim());
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(endpoint.resolve(FrontDoor.HEALTH_PATH)).timeout(Duration.ofSeconds(5))
                            .GET().build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new Info(h.get().pid(), endpoint));
    }

    private static Optional<ProcessHandle> process(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(LocalCloudProcess::isLocalCloud);
    }

    /** Guards against a recycled pid: the process must be our main class (when the OS tells us). */
    private static boolean isLocalCloud(ProcessHandle h) {
        Optional<String> line = h.info().commandLine();
        return line.isEmpty() || line.get().contains(MARKER) || line.get().contains(LocalCloudMain.class.getName());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }
}
