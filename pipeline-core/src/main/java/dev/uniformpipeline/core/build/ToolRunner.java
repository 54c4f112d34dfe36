package dev.uniformpipeline.core.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a project's build tool (mvn, npm, pip, go) and streams its output to the listener. */
public class ToolRunner {
    private static final int TAIL_LINES = 15;
    private final BuildListener listener;
    private final Duration timeout;

    public ToolRunner(BuildListener listener, Duration timeout) {
        this.listener = listener;
        this.timeout = timeout;
    }

    /** Whether an executable named {@code name} is on the PATH (or {@code name} is an executable path). */
    public static boolean onPath(String name) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} in {@code dir}; fails with the last lines of output and the fix when it exits non-zero.
     *
     * @param fix what the user should do when the tool fails ("fix the compile error shown above")
     */
    public void run(List<String> command, Path dir, Map<String, String> env, String fix) throws BuildException {
        String tool = Path.of(command.get(0)).getFileName().toString();
        if (!onPath(command.get(0)) && !Files.isExecutable(dir.resolve(command.get(0)))) {
            throw new BuildException(BuildException.Reason.TOOL_MISSING, "'" + command.get(0)
                    + "' is not installed (not on the PATH); install it or choose another builder/baseImage");
        }
        listener.step("running " + String.join(" ", command) + " in " + dir);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Deque<String> tail = new ArrayDeque<>();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.TOOL_MISSING, "cannot start " + command.get(0) + ": "
                    + e.getMessage() + "; install it or choose another builder", e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    listener.toolOutput(tool, line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "tool-output-" + tool);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                throw new BuildException(BuildException.Reason.TOOL_FAILED, String.join(" ", command)
                        + " did not finish within " + timeout + " in " + dir + "; raise the build timeout or fix the"
                        + " hanging build");
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            Thread.currentThread().interrupt();
            throw new BuildException(BuildException.Reason.TOOL_FAILED, String.join(" ", command) + " was cancelled");
        }
        if (process.exitValue() != 0) {
            String lastLines;
            synchronized (tail) {
                lastLines = String.join("\n  ", tail);
            }
            throw new BuildException(BuildException.Reason.TOOL_FAILED, String.join(" ", command) + " failed (exit "
                    + process.exitValue() + ") in " + dir + "; " + fix + ". Last output:\n  " + lastLines);
        }
    }
}
