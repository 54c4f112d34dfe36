package dev.uniformpipeline.localcloud.eks;

import dev.uniformpipeline.localcloud.ecs.runtime.ContainerHandle;
import dev.uniformpipeline.localcloud.spi.ImageResolver.ResolvedImage;
import io.fabric8.kubernetes.api.model.Container;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the simulated kubelet knows about one pod it runs (mutable; used only by the controller thread). */
final class PodRun {
    final String uid;
    final String namespace;
    final String name;
    final String ip;
    final Instant startTime;
    final List<ContainerRun> containers = new ArrayList<>();
    boolean ready;
    Instant readyChangedAt;
    String lastStatusJson;

    PodRun(String uid, String namespace, String name, String ip, Instant startTime) {
        this.uid = uid;
        this.namespace = namespace;
        this.name = name;
        this.ip = ip;
        this.startTime = startTime;
        this.readyChangedAt = startTime;
    }

    /** Ready for at least {@code minReadySeconds} of cloud time. */
    boolean available(Instant now, int minReadySeconds) {
        return ready && !readyChangedAt.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** One container of the pod. */
    static final class ContainerRun {
        final Container spec;
        ResolvedImage resolved;
        ContainerHandle handle;
        Instant startedAt;
        Instant nextAttempt;
        int pullFailures;
        int exits;
        int restartCount;
        String waitingReason = "ContainerCreating";
        String waitingMessage;
        Terminated lastTerminated;
        boolean ready;
        int probeSuccesses;
        int probeFailures;
        Instant nextProbe;

        ContainerRun(Container spec, Instant now) {
            this.spec = spec;
            this.nextAttempt = now;
        }
    }

    record Terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt, String containerId) {
    }
}
