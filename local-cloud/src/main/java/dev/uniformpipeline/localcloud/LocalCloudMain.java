package dev.uniformpipeline.localcloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code LocalCloudMain start|stop|status|run --state-dir DIR [--port N] [--clock-factor F] [--runtime simulated|podman]}.
 * {@code start} launches a detached background JVM ({@code run}) and waits until it answers; {@code stop} stops
 * it (state is saved); {@code status} prints the endpoint and pid or "not running"; {@code run} serves in the
 * foreground until killed.
 */
public final class LocalCloudMain {
    private LocalCloudMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            return usage("missing command");
        }
        String command = args[0];
        Path stateDir = null;
        int port = 0;
        double factor = 1.0;
        RuntimeMode mode = RuntimeMode.SIMULATED;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                return usage("option " + a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--state-dir" -> stateDir = Path.of(v);
                    case "--port" -> port = Integer.parseInt(v);
                    case "--clock-factor" -> factor = Double.parseDouble(v);
                    case "--runtime" -> mode = RuntimeMode.valueOf(v.toUpperCase(Locale.ROOT));
                    default -> {
                        return usage("unknown option " + a);
                    }
                }
            } catch (IllegalArgumentException e) {
                return usage("bad value '" + v + "' for " + a);
            }
        }
        if (stateDir == null) {
            return usage("--state-dir is required");
        }
        switch (command) {
            case "start" -> {
                LocalCloudProcess.Info info = LocalCloudProcess.start(LocalCloudProcess.Options.of(stateDir).port(port)
                        .clockFactor(factor).runtimeMode(mode));
                System.out.println("local-cloud running at " + info.endpoint() + " (pid " + info.pid() + ")");
                return 0;
            }
            case "stop" -> {
                boolean was = LocalCloudProcess.stop(stateDir, Duration.ofSeconds(30));
                System.out.println(was ? "local-cloud stopped" : "local-cloud not running");
                return 0;
            }
            case "status" -> {
                Optional<LocalCloudProcess.Info> info = LocalCloudProcess.status(stateDir);
                System.out.println(info.map(i -> "running at " + i.endpoint() + " (pid " + i.pid() + ")")
                        .orElse("not running"));
                return info.isPresent() ? 0 : 3;
            }
            case "run" -> {
                foreground(stateDir, port, factor, mode);
                return 0;
            }
            default -> {
                return usage("unknown command " + command);
            }
        }
    }

    private static void foreground(Path stateDir, int port, double factor, RuntimeMode mode) throws IOException,
            InterruptedException {
        Path dir = stateDir.toAbsolutePath();
        LocalCloud cloud = LocalCloud.builder().port(port).clockFactor(factor).runtimeMode(mode).stateDir(dir)
                .start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cloud.close();
            } finally {
                try {
                    Files.deleteIfExists(dir.resolve(LocalCloudProcess.ENDPOINT_FILE));
                    Files.deleteIfExists(dir.resolve(LocalCloudProcess.PID_FILE));
                } catch (IOException ignored) {
                    // best effort
                }
                done.countDown();
            }
        }, "local-cloud-shutdown"));
        Files.writeString(dir.resolve(LocalCloudProcess.PID_FILE), Long.toString(ProcessHandle.current().pid()),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(LocalCloudProcess.ENDPOINT_FILE), cloud.endpoint().toString(),
                StandardCharsets.UTF_8);
        System.out.println("local-cloud listening at " + cloud.endpoint() + " (state " + dir + ")");
        done.await();
    }

    private static int usage(String problem) {
        System.err.println("local-cloud: " + problem);
        System.err.println("usage: LocalCloudMain start|stop|status|run --state-dir DIR [--port N] "
                + "[--clock-factor F] [--runtime simulated|podman]");
        return 2;
    }
}
