package dev.uniformpipeline.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A build as a step sees it, offline: workspace, console, run with an archive dir, and a recording StepContext. */
final class OfflineBuild {
    final Path workspace;
    final Path buildDir;
    final Console console = new Console();
    final TestRun run;
    final Context context;

    OfflineBuild(Path tmp) throws Exception {
        this(tmp, Map.of());
    }

    /** A build whose environment ({@code EnvVars}) also holds {@code env}. */
    OfflineBuild(Path tmp, Map<String, String> env) throws Exception {
        EnvVars envVars = new EnvVars("BUILD_NUMBER", "7");
        envVars.putAll(env);
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        buildDir = Files.createDirectories(tmp.resolve("builds/1"));
        run = new TestRun(new TestJob(), buildDir.toFile());
        context = new Context(Map.of(Run.class, run, FilePath.class, new FilePath(workspace.toFile()),
                TaskListener.class, console, EnvVars.class, envVars,
                Launcher.class, new Launcher.LocalLauncher(console)));
    }

    Path pipelineFile(String name, String content) throws Exception {
        Path f = workspace.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    static String orders() throws Exception {
        try (InputStream in = OfflineBuild.class.getResourceAsStream("/orders.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Path archived(String path) {
        return run.getArtifactsDir().toPath().resolve(path);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static final class TestJob extends Job<TestJob, TestRun> {
    }

    static final class TestRun extends Run<TestJob, TestRun> {
        TestRun(TestJob job, File dir) {
            super(job, dir);
        }
    }

    /**
     * A TaskListener that, like remoting's, writes back to the controller's console when used on the "agent": the
     * copy made by shipping the callable finds the same buffer by id.
     */
    static final class Console implements TaskListener {
        private static final long serialVersionUID = 1L;
        private static final Map<String, ByteArrayOutputStream> BUFFERS = new ConcurrentHashMap<>();
        private final String id = UUID.randomUUID().toString();

        Console() {
            BUFFERS.put(id, new ByteArrayOutputStream());
        }

        @Override
        public PrintStream getLogger() {
            return new PrintStream(BUFFERS.get(id), true, StandardCharsets.UTF_8);
        }

        String text() {
            ByteArrayOutputStream b = BUFFERS.get(id);
            synchronized (b) {
                return b.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Records what the execution reports; the first outcome wins, as in Jenkins. */
    static final class Context extends StepContext {
        private static final long serialVersionUID = 1L;
        private final transient Map<Class<?>, Object> objects;
        final transient CopyOnWriteArrayList<Object> outcomes = new CopyOnWriteArrayList<>();
        private final transient CountDownLatch done = new CountDownLatch(1);

        Context(Map<Class<?>, Object> objects) {
            this.objects = objects;
        }

        @Override
        public <T> T get(Class<T> key) {
            return key.cast(objects.get(key));
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void onSuccess(Object result) {
            outcomes.add(new Success(result));
            done.countDown();
        }

        @Override
        public void onFailure(Throwable t) {
            outcomes.add(t);
            done.countDown();
        }

        Object first() throws InterruptedException {
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the step never finished");
            }
            return outcomes.get(0);
        }

        Throwable failure() throws InterruptedException {
            Object o = first();
            if (o instanceof Throwable t) {
                return t;
            }
            throw new AssertionError("expected the step to fail, it returned " + ((Success) o).value());
        }

        /** What the step returned; fails the test with the step's failure if it failed. */
        Object result() throws InterruptedException {
            Object o = first();
            if (o instanceof Throwable t) {
                throw new AssertionError("expected the step to succeed, it failed: " + t.getMessage(), t);
            }
            return ((Success) o).value();
        }
    }

    record Success(Object value) {
    }
}
