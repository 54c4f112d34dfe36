package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineRun;
import dev.uniformpipeline.core.api.RunReport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link PipelineRun} backed by a {@link PipelineRunner} on its own thread. */
final class RunHandle implements PipelineRun {
    private final String id;
    private final PipelineRunner runner;
    private final CompletableFuture<RunReport> report = new CompletableFuture<>();

    RunHandle(String id, PipelineRunner runner) {
        this.id = id;
        this.runner = runner;
    }

    void startThread() {
        Thread t = new Thread(() -> {
            try {
                report.complete(runner.run());
            } catch (Throwable e) {
                report.completeExceptionally(e);
            }
        }, "uniform-run-" + id);
        t.setDaemon(false);
        t.start();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void cancel() {
        runner.cancel("cancelled on request");
    }

    @Override
    public RunReport await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return report.get();
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        runner.cancel("the waiting thread was interrupted");
                    }
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run ended abnormally: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Optional<RunReport> await(Duration timeout) {
        try {
            return Optional.of(report.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run ended abnormally: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public boolean isDone() {
        return report.isDone();
    }
}
