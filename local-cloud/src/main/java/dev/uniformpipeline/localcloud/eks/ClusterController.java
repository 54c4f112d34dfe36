package dev.uniformpipeline.localcloud.eks;

import dev.uniformpipeline.localcloud.ecs.runtime.ContainerHandle;
import dev.uniformpipeline.localcloud.ecs.runtime.ContainerLaunch;
import dev.uniformpipeline.localcloud.ecs.runtime.ContainerStartException;
import dev.uniformpipeline.localcloud.ecs.runtime.LoopbackAddressPool;
import dev.uniformpipeline.localcloud.ecs.runtime.TaskRuntime;
import dev.uniformpipeline.localcloud.eks.PodRun.ContainerRun;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import dev.uniformpipeline.localcloud.spi.TargetRegistry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a cluster that fills {@code status}: a deployment controller (pods per template hash, rolling
 * update with maxSurge/maxUnavailable, Deployment status and conditions as kubectl's rollout-status reads them),
 * a kubelet (runs each pod's containers on a {@link TaskRuntime} at the pod's loopback IP, pull/crash back-off,
 * readiness probes, pod status) and a TargetGroupBinding controller (ready pod IP:port → ELBv2 targets).
 * It polls the API server's CRUD store every {@link #TICK} of wall time; every delay it models is cloud time.
 */
final class ClusterController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterController.class);
    static final Duration TICK = Duration.ofMillis(100);
    static final String TEMPLATE_HASH = "pod-template-hash";
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);

    private final String clusterName;
    private final KubernetesClient client;
    private final CloudClock clock;
    private final ImageResolver images;
    private final TargetRegistry targets;
    private final TaskRuntime runtime;
    private final LoopbackAddressPool addresses;
    private final ScheduledExecutorService loop;
    private final ExecutorService stopper;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PodRun> pods = new HashMap<>();
    private final Map<String, Set<String>> registered = new HashMap<>();
    private final Set<String> warned = new HashSet<>();

    ClusterController(String clusterName, KubernetesClient client, CloudClock clock, ImageResolver images,
            TargetRegistry targets, TaskRuntime runtime, LoopbackAddressPool addresses) {
        this.clusterName = clusterName;
        this.client = client;
        this.clock = clock;
        this.images = images;
        this.targets = targets;
        this.runtime = runtime;
        this.addresses = addresses;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "eks-controller-" + clusterName));
        this.stopper = Executors.newCachedThreadPool(r -> daemon(r, "eks-pod-stop-" + clusterName));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        loop.scheduleWithFixedDelay(this::tickQuietly, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            if (!loop.isShutdown()) {
                LOG.warn("EKS cluster {}: controller pass failed: {}", clusterName, e.toString());
            }
        }
    }

    void tick() {
        Instant now = clock.now();
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        List<Pod> podList = new ArrayList<>(client.pods().inAnyNamespace().list().getItems());
        kubelet(podList, now);
        Set<String> deploymentUids = new HashSet<>();
        for (Deployment d : deployments) {
            deploymentUids.add(d.getMetadata().getUid());
            try {
                reconcile(d, podList, now);
            } catch (KubernetesClientException e) {
                LOG.debug("EKS cluster {}: deployment {}: {}", clusterName, d.getMetadata().getName(), e.toString());
            }
        }
        for (Pod p : new ArrayList<>(podList)) {
            OwnerReference owner = controllerOf(p);
            if (owner != null && "Deployment".equals(owner.getKind()) && !deploymentUids.contains(owner.getUid())) {
                deletePod(p, podList);
            }
        }
        bindings(podList);
    }

    // ================================================================ kubelet

    private void kubelet(List<Pod> podList, Instant now) {
        Set<String> present = new HashSet<>();
        for (Pod p : podList) {
            String uid = p.getMetadata().getUid();
            present.add(uid);
            PodRun run = pods.get(uid);
            if (run == null) {
                run = new PodRun(uid, p.getMetadata().getNamespace(), p.getMetadata().getName(), addresses.allocate(),
                        now);
                for (Container c : p.getSpec().getContainers()) {
                    run.containers.add(new ContainerRun(c, now));
                }
                pods.put(uid, run);
            }
            syncContainers(run, now);
            writePodStatus(p, run, now);
        }
        for (PodRun run : new ArrayList<>(pods.values())) {
            if (!present.contains(run.uid)) {
                teardown(run);
            }
        }
    }

    private void syncContainers(PodRun run, Instant now) {
        boolean allReady = !run.containers.isEmpty();
        for (ContainerRun c : run.containers) {
            syncContainer(run, c, now);
            allReady &= c.ready;
        }
        if (allReady != run.ready) {
            run.ready = allReady;
            run.readyChangedAt = now;
        }
    }

    private void syncContainer(PodRun run, ContainerRun c, Instant now) {
        String image = c.spec.getImage();
        if (c.handle != null) {
            var exit = c.handle.exitCode();
            if (exit.isPresent()) {
                int code = exit.getAsInt();
                c.lastTerminated = new PodRun.Terminated(code, code == 0 ? "Completed" : code == 137 ? "OOMKilled"
                        : "Error", c.startedAt, now, "sim://" + c.handle.runtimeId());
                c.handle = null;
                c.ready = false;
                c.exits++;
                Duration backoff = c.exits == 1 ? Duration.ZERO : backoff(c.exits - 1);
                c.nextAttempt = now.plus(backoff);
                c.waitingReason = "CrashLoopBackOff";
                c.waitingMessage = "back-off " + backoff.toSeconds() + "s restarting failed container="
                        + c.spec.getName() + " pod=" + run.name + "_" + run.namespace + "(" + run.uid + ")";
            } else {
                probe(run, c, now);
                return;
            }
        }
        if (now.isBefore(c.nextAttempt)) {
            if (c.resolved == null) {
                c.waitingReason = "ImagePullBackOff";
                c.waitingMessage = "Back-off pulling image \"" + image + "\"";
            }
            return;
        }
        if (c.resolved == null) {
            c.resolved = images.resolve(image).orElse(null);
            if (c.resolved == null) {
                c.pullFailures++;
                c.nextAttempt = now.plus(backoff(c.pullFailures));
                c.waitingReason = "ErrImagePull";
                c.waitingMessage = "failed to pull and unpack image \"" + image + "\": not found";
                return;
            }
        }
        try {
            c.handle = runtime.start(launch(run, c));
            if (c.exits > 0) {
                c.restartCount++;
            }
            c.startedAt = now;
            c.waitingReason = null;
            c.waitingMessage = null;
            c.probeSuccesses = 0;
            c.probeFailures = 0;
            Probe p = c.spec.getReadinessProbe();
            c.nextProbe = now.plusSeconds(p == null || p.getInitialDelaySeconds() == null ? 0
                    : p.getInitialDelaySeconds());
            c.ready = p == null;
        } catch (ContainerStartException e) {
            c.exits++;
            c.nextAttempt = now.plus(backoff(c.exits));
            c.waitingReason = "RunContainerError";
            c.waitingMessage = e.getMessage();
        }
    }

    private static Duration backoff(int failures) {
        long secs = FIRST_BACKOFF.toSeconds() << Math.min(failures - 1, 10);
        return Duration.ofSeconds(Math.min(secs, MAX_BACKOFF.toSeconds()));
    }

    private ContainerLaunch launch(PodRun run, ContainerRun c) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.spec.getEnv() != null) {
            for (EnvVar e : c.spec.getEnv()) {
                if (e.getValue() != null) {
                    env.put(e.getName(), e.getValue());
                }
            }
        }
        List<ContainerLaunch.PortBinding> ports = new ArrayList<>();
        if (c.spec.getPorts() != null) {
            for (ContainerPort p : c.spec.getPorts()) {
                if (p.getContainerPort() != null && (p.getProtocol() == null || "TCP".equals(p.getProtocol()))) {
                    ports.add(new ContainerLaunch.PortBinding(p.getContainerPort(), p.getContainerPort()));
                }
            }
        }
        Set<String> healthPaths = new HashSet<>();
        for (Probe p : new Probe[] {c.spec.getReadinessProbe(), c.spec.getLivenessProbe(), c.spec.getStartupProbe()}) {
            if (p != null && p.getHttpGet() != null && p.getHttpGet().getPath() != null) {
                healthPaths.add(p.getHttpGet().getPath());
            }
        }
        String prefix = run.namespace + "/" + run.name + "/" + c.spec.getName() + ": ";
        return new ContainerLaunch(run.name, c.spec.getName(), c.spec.getImage(), c.resolved, env, run.ip, ports,
                healthPaths, line -> LOG.debug("{}{}", prefix, line));
    }

    /** Readiness: httpGet (2xx/3xx), tcpSocket (connects) or none (ready once started); exec counts as passing. */
    private void probe(PodRun run, ContainerRun c, Instant now) {
        Probe p = c.spec.getReadinessProbe();
        if (p == null) {
            c.ready = true;
            return;
        }
        if (now.isBefore(c.nextProbe)) {
            return;
        }
        int period = p.getPeriodSeconds() == null ? 10 : p.getPeriodSeconds();
        c.nextProbe = now.plusSeconds(Math.max(1, period));
        long timeoutMs = Math.max(250, clock.toWall(Duration.ofSeconds(p.getTimeoutSeconds() == null ? 1
                : p.getTimeoutSeconds())).toMillis());
        boolean ok;
        if (p.getHttpGet() != null) {
            String host = p.getHttpGet().getHost() == null ? run.ip : p.getHttpGet().getHost();
            int port = resolvePort(p.getHttpGet().getPort(), c.spec);
            String path = p.getHttpGet().getPath() == null ? "/" : p.getHttpGet().getPath();
            ok = httpGet("http://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path), timeoutMs);
        } else if (p.getTcpSocket() != null) {
            ok = connects(run.ip, resolvePort(p.getTcpSocket().getPort(), c.spec), timeoutMs);
        } else {
            ok = true;
        }
        int successThreshold = p.getSuccessThreshold() == null ? 1 : p.getSuccessThreshold();
        int failureThreshold = p.getFailureThreshold() == null ? 3 : p.getFailureThreshold();
        if (ok) {
            c.probeFailures = 0;
            if (++c.probeSuccesses >= successThreshold) {
                c.ready = true;
            }
        } else {
            c.probeSuccesses = 0;
            if (++c.probeFailures >= failureThreshold) {
                c.ready = false;
            }
        }
    }

    private static int resolvePort(IntOrString port, Container c) {
        if (port == null) {
            return 80;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (port.getStrVal().equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(port.getStrVal());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean httpGet(String url, long timeoutMs) {
        try {
            HttpURLConnection con = (HttpURLConnection) URI.create(url).toURL().openConnection(java.net.Proxy.NO_PROXY);
            con.setConnectTimeout((int) timeoutMs);
            con.setReadTimeout((int) timeoutMs);
            con.setRequestProperty("User-Agent", "kube-probe/1.30");
            int status = con.getResponseCode();
            con.getInputStream().close();
            return status >= 200 && status < 400;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean connects(String host, int port, long timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeoutMs);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private void writePodStatus(Pod p, PodRun run, Instant now) {
        PodStatus status = podStatus(p, run);
        String json = Serialization.asJson(status);
        if (json.equals(run.lastStatusJson)) {
            return;
        }
        p.setStatus(status);
        try {
            client.pods().inNamespace(run.namespace).resource(p).updateStatus();
            run.lastStatusJson = json;
        } catch (KubernetesClientException e) {
            LOG.debug("EKS cluster {}: pod {} status: {}", clusterName, run.name, e.toString());
        }
    }

    private PodStatus podStatus(Pod p, PodRun run) {
        List<ContainerStatus> statuses = new ArrayList<>();
        boolean anyStarted = false;
        for (ContainerRun c : run.containers) {
            anyStarted |= c.handle != null || c.lastTerminated != null;
            ContainerState state;
            if (c.handle != null) {
                state = new ContainerStateBuilder().withNewRunning().withStartedAt(ts(c.startedAt)).endRunning().build();
            } else {
                state = new ContainerStateBuilder().withNewWaiting().withReason(c.waitingReason)
                        .withMessage(c.waitingMessage).endWaiting().build();
            }
            ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.spec.getName())
                    .withImage(c.spec.getImage()).withReady(c.ready).withStarted(c.handle != null)
                    .withRestartCount(c.restartCount).withState(state);
            if (c.resolved != null) {
                b.withImageID(repository(c.spec.getImage()) + "@" + c.resolved.digest());
            }
            if (c.handle != null) {
                b.withContainerID("sim://" + c.handle.runtimeId());
            }
            if (c.lastTerminated != null) {
                PodRun.Terminated t = c.lastTerminated;
                b.withNewLastState().withNewTerminated().withExitCode(t.exitCode()).withReason(t.reason())
                        .withStartedAt(ts(t.startedAt())).withFinishedAt(ts(t.finishedAt()))
                        .withContainerID(t.containerId()).endTerminated().endLastState();
            }
            statuses.add(b.build());
        }
        String readyTime = ts(run.readyChangedAt);
        String start = ts(run.startTime);
        List<PodCondition> conditions = List.of(
                condition("PodReadyToStartContainers", "True", start),
                condition("Initialized", "True", start),
                condition("Ready", run.ready ? "True" : "False", readyTime),
                condition("ContainersReady", run.ready ? "True" : "False", readyTime),
                condition("PodScheduled", "True", start));
        return new PodStatusBuilder().withPhase(anyStarted ? "Running" : "Pending").withHostIP("127.0.0.1")
                .withPodIP(run.ip).withPodIPs(new PodIP(run.ip)).withStartTime(start).withConditions(conditions)
                .withContainerStatuses(statuses).withQosClass("BestEffort").build();
    }

    private static PodCondition condition(String type, String status, String since) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since).build();
    }

    private static String repository(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return image.substring(0, at);
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    private void teardown(PodRun run) {
        pods.remove(run.uid);
        List<ContainerHandle> handles = new ArrayList<>();
        for (ContainerRun c : run.containers) {
            if (c.handle != null) {
                handles.add(c.handle);
                c.handle = null;
            }
        }
        stopper.execute(() -> {
            for (ContainerHandle h : handles) {
                try {
                    h.stop(Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    LOG.debug("stopping a container of pod {} failed: {}", run.name, e.toString());
                }
            }
            addresses.release(run.ip);
        });
    }

    // ================================================================ deployment controller

    private void reconcile(Deployment d, List<Pod> podList, Instant now) {
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        PodTemplateSpec template = d.getSpec().getTemplate();
        String hash = templateHash(template);
        String rsName = name + "-" + hash;
        int minReady = d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
        List<Pod> owned = new ArrayList<>();
        for (Pod p : podList) {
            OwnerReference o = controllerOf(p);
            if (o != null && Objects.equals(o.getUid(), d.getMetadata().getUid())) {
                owned.add(p);
            }
        }
        List<Pod> current = new ArrayList<>();
        List<Pod> old = new ArrayList<>();
        for (Pod p : owned) {
            (hash.equals(label(p, TEMPLATE_HASH)) ? current : old).add(p);
        }
        boolean createdNewReplicaSet = false;
        boolean recreate = d.getSpec().getStrategy() != null
                && "Recreate".equals(d.getSpec().getStrategy().getType());
        RollingUpdateDeployment ru = d.getSpec().getStrategy() == null ? null
                : d.getSpec().getStrategy().getRollingUpdate();
        int maxSurge = recreate ? 0 : scaled(ru == null ? null : ru.getMaxSurge(), desired, true);
        int maxUnavailable = recreate ? desired : scaled(ru == null ? null : ru.getMaxUnavailable(), desired, false);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (!paused) {
            if (recreate && !old.isEmpty()) {
                for (Pod p : old) {
                    deletePod(p, podList);
                }
                old.clear();
            } else if (old.isEmpty()) {
                createdNewReplicaSet = scaleTo(d, current, desired, hash, podList, now, minReady);
            } else {
                int total = current.size() + old.size();
                int newTarget = Math.min(desired, current.size() + Math.max(0, desired + maxSurge - total));
                if (newTarget > current.size()) {
                    createdNewReplicaSet = scaleTo(d, current, newTarget, hash, podList, now, minReady);
                } else {
                    scaleDownOld(old, current, desired - maxUnavailable, podList, now, minReady);
                }
            }
        }
        writeDeploymentStatus(d, owned(d, podList), hash, rsName, desired, maxUnavailable, minReady,
                createdNewReplicaSet, paused, now);
    }

    private List<Pod> owned(Deployment d, List<Pod> podList) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : podList) {
            OwnerReference o = controllerOf(p);
            if (o != null && Objects.equals(o.getUid(), d.getMetadata().getUid())) {
                out.add(p);
            }
        }
        return out;
    }

    /** Creates or deletes current-template pods to reach {@code target}; true when the first pod of a hash was made. */
    private boolean scaleTo(Deployment d, List<Pod> current, int target, String hash, List<Pod> podList, Instant now,
            int minReady) {
        boolean first = current.isEmpty() && target > 0;
        for (int i = current.size(); i < target; i++) {
            Pod created = client.pods().inNamespace(d.getMetadata().getNamespace()).resource(newPod(d, hash)).create();
            podList.add(created);
            current.add(created);
        }
        if (current.size() > target) {
            List<Pod> victims = new ArrayList<>(current);
            victims.sort(Comparator.comparing((Pod p) -> available(p, now, minReady)));
            for (Pod p : victims.subList(0, current.size() - target)) {
                deletePod(p, podList);
            }
        }
        return first;
    }

    private void scaleDownOld(List<Pod> old, List<Pod> current, int minAvailable, List<Pod> podList, Instant now,
            int minReady) {
        int total = old.size() + current.size();
        int newUnavailable = 0;
        for (Pod p : current) {
            newUnavailable += available(p, now, minReady) ? 0 : 1;
        }
        int maxScaledDown = total - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return;
        }
        List<Pod> unhealthy = new ArrayList<>();
        List<Pod> healthy = new ArrayList<>();
        for (Pod p : old) {
            (available(p, now, minReady) ? healthy : unhealthy).add(p);
        }
        int removed = 0;
        for (Pod p : unhealthy) {
            if (removed >= maxScaledDown) {
                return;
            }
            deletePod(p, podList);
            removed++;
        }
        int availableTotal = healthy.size();
        for (Pod p : current) {
            availableTotal += available(p, now, minReady) ? 1 : 0;
        }
        int canRemove = Math.min(maxScaledDown - removed, availableTotal - minAvailable);
        for (int i = 0; i < canRemove && i < healthy.size(); i++) {
            deletePod(healthy.get(i), podList);
        }
    }

    private Pod newPod(Deployment d, String hash) {
        PodTemplateSpec t = d.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
            labels.putAll(t.getMetadata().getLabels());
        }
        labels.put(TEMPLATE_HASH, hash);
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(SAFE.charAt(random.nextInt(SAFE.length())));
        }
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        return new PodBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-" + hash + "-" + suffix)
                .withNamespace(d.getMetadata().getNamespace()).withLabels(labels)
                .withAnnotations(t.getMetadata() == null ? null : t.getMetadata().getAnnotations())
                .withOwnerReferences(owner).endMetadata()
                .withSpec(Serialization.clone(t.getSpec())).build();
    }

    private void deletePod(Pod p, List<Pod> podList) {
        client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
        podList.remove(p);
        PodRun run = pods.get(p.getMetadata().getUid());
        if (run != null) {
            teardown(run);
        }
    }

    private boolean available(Pod p, Instant now, int minReady) {
        PodRun run = pods.get(p.getMetadata().getUid());
        return run != null && run.available(now, minReady);
    }

    private boolean ready(Pod p) {
        PodRun run = pods.get(p.getMetadata().getUid());
        return run != null && run.ready;
    }

    private void writeDeploymentStatus(Deployment d, List<Pod> owned, String hash, String rsName, int desired,
            int maxUnavailable, int minReady, boolean createdNewReplicaSet, boolean paused, Instant now) {
        int replicas = owned.size();
        int updated = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : owned) {
            updated += hash.equals(label(p, TEMPLATE_HASH)) ? 1 : 0;
            ready += ready(p) ? 1 : 0;
            available += available(p, now, minReady) ? 1 : 0;
        }
        DeploymentStatus before = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        Long generation = d.getMetadata().getGeneration();
        List<DeploymentCondition> conditions = new ArrayList<>(before.getConditions() == null ? List.of()
                : before.getConditions());
        String t = ts(now);
        boolean minimum = available >= desired - maxUnavailable;
        setCondition(conditions, "Available", minimum ? "True" : "False",
                minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minimum ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                t, false);
        boolean complete = updated == desired && replicas == desired && available == desired;
        DeploymentCondition progressing = find(conditions, "Progressing");
        if (paused) {
            setCondition(conditions, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", t, false);
        } else if (complete) {
            setCondition(conditions, "Progressing", "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rsName + "\" has successfully progressed.", t, false);
        } else if (createdNewReplicaSet || progressing == null) {
            setCondition(conditions, "Progressing", "True", "NewReplicaSetCreated",
                    "Created new replica set \"" + rsName + "\"", t, true);
        } else if (progressed(before, replicas, updated, ready, available)) {
            setCondition(conditions, "Progressing", "True", "ReplicaSetUpdated",
                    "ReplicaSet \"" + rsName + "\" is progressing.", t, true);
        } else if (!"NewReplicaSetAvailable".equals(progressing.getReason())
                && !"ProgressDeadlineExceeded".equals(progressing.getReason())) {
            int deadline = d.getSpec().getProgressDeadlineSeconds() == null ? 600
                    : d.getSpec().getProgressDeadlineSeconds();
            Instant from = Instant.parse(progressing.getLastUpdateTime());
            if (from.plusSeconds(deadline).isBefore(now)) {
                setCondition(conditions, "Progressing", "False", "ProgressDeadlineExceeded",
                        "ReplicaSet \"" + rsName + "\" has timed out progressing.", t, false);
            }
        }
        DeploymentStatus status = new DeploymentStatusBuilder().withObservedGeneration(generation)
                .withReplicas(replicas).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(available).withUnavailableReplicas(Math.max(0, replicas - available) > 0
                        ? Math.max(0, replicas - available) : null)
                .withConditions(conditions).build();
        if (Serialization.asJson(status).equals(Serialization.asJson(before))) {
            return;
        }
        d.setStatus(status);
        client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).updateStatus();
    }

    private static boolean progressed(DeploymentStatus before, int replicas, int updated, int ready, int available) {
        int oldUpdated = zero(before.getUpdatedReplicas());
        int oldOld = zero(before.getReplicas()) - oldUpdated;
        return updated > oldUpdated || replicas - updated < oldOld || ready > zero(before.getReadyReplicas())
                || available > zero(before.getAvailableReplicas());
    }

    private static int zero(Integer i) {
        return i == null ? 0 : i;
    }

    /** Kubernetes' SetDeploymentCondition; {@code touch} also refreshes lastUpdateTime of an unchanged reason. */
    private static void setCondition(List<DeploymentCondition> conditions, String type, String status, String reason,
            String message, String now, boolean touch) {
        DeploymentCondition current = find(conditions, type);
        if (current != null && current.getStatus().equals(status) && current.getReason().equals(reason) && !touch) {
            return;
        }
        String transition = current != null && current.getStatus().equals(status) ? current.getLastTransitionTime()
                : now;
        conditions.remove(current);
        conditions.add(new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(now).withLastTransitionTime(transition).build());
        conditions.sort(Comparator.comparing(DeploymentCondition::getType));
    }

    private static DeploymentCondition find(List<DeploymentCondition> conditions, String type) {
        for (DeploymentCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** An absolute count or a percentage of {@code desired}; surge rounds up, unavailable rounds down. */
    static int scaled(IntOrString value, int desired, boolean roundUp) {
        if (value == null) {
            value = new IntOrString("25%");
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal().trim();
        if (!s.endsWith("%")) {
            return Integer.parseInt(s);
        }
        double pct = Double.parseDouble(s.substring(0, s.length() - 1));
        double v = desired * pct / 100.0;
        return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
    }

    /** FNV-1a over the template's JSON, encoded like Kubernetes' SafeEncodeString of the decimal value. */
    static String templateHash(PodTemplateSpec template) {
        byte[] bytes = Serialization.asJson(template).getBytes(StandardCharsets.UTF_8);
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        String decimal = Long.toString(Integer.toUnsignedLong(h));
        StringBuilder out = new StringBuilder();
        for (char ch : decimal.toCharArray()) {
            out.append(SAFE.charAt(ch % SAFE.length()));
        }
        return out.toString();
    }

    private static OwnerReference controllerOf(Pod p) {
        if (p.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference o : p.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(o.getController())) {
                return o;
            }
        }
        return null;
    }

    private static String label(Pod p, String key) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
    }

    private static String ts(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ================================================================ TargetGroupBinding controller

    private void bindings(List<Pod> podList) {
        List<GenericKubernetesResource> tgbs = client.genericKubernetesResources(KubeApiServer.TARGET_GROUP_BINDINGS)
                .inAnyNamespace().list().getItems();
        Map<String, Set<String>> desired = new HashMap<>();
        for (GenericKubernetesResource tgb : tgbs) {
            String id = tgb.getMetadata().getNamespace() + "/" + tgb.getMetadata().getName();
            Object specObj = tgb.getAdditionalProperties().get("spec");
            if (!(specObj instanceof Map<?, ?> spec)) {
                continue;
            }
            String arn = Objects.toString(spec.get("targetGroupARN"), null);
            if (arn == null) {
                warnOnce(id, "TargetGroupBinding " + id + " has no spec.targetGroupARN");
                continue;
            }
            Set<String> want = desired.computeIfAbsent(arn, k -> new HashSet<>());
            String targetType = Objects.toString(spec.get("targetType"), null);
            if (targetType == null) {
                targetType = targets.targetGroup(arn).map(TargetRegistry.TargetGroupInfo::targetType).orElse("ip");
            }
            if (!"ip".equals(targetType)) {
                warnOnce(id, "TargetGroupBinding " + id + ": targetType " + targetType
                        + " is not modelled (local-cloud EKS has no nodes); use ip");
                continue;
            }
            if (!(spec.get("serviceRef") instanceof Map<?, ?> ref)) {
                warnOnce(id, "TargetGroupBinding " + id + " has no spec.serviceRef");
                continue;
            }
            Service svc = client.services().inNamespace(tgb.getMetadata().getNamespace())
                    .withName(Objects.toString(ref.get("name"), "")).get();
            if (svc == null || svc.getSpec() == null || svc.getSpec().getSelector() == null
                    || svc.getSpec().getSelector().isEmpty()) {
                continue;
            }
            ServicePort port = servicePort(svc, ref.get("port"));
            if (port == null) {
                warnOnce(id, "TargetGroupBinding " + id + ": service " + svc.getMetadata().getName()
                        + " has no port " + ref.get("port"));
                continue;
            }
            for (Pod p : podList) {
                PodRun run = pods.get(p.getMetadata().getUid());
                if (run == null || !run.ready || !tgb.getMetadata().getNamespace().equals(run.namespace)
                        || !matches(p, svc.getSpec().getSelector())) {
                    continue;
                }
                int target = targetPort(port, p);
                if (target > 0) {
                    want.add(run.ip + ":" + target);
                }
            }
        }
        Set<String> arns = new HashSet<>(registered.keySet());
        arns.addAll(desired.keySet());
        for (String arn : arns) {
            Set<String> want = desired.getOrDefault(arn, Set.of());
            Set<String> have = registered.computeIfAbsent(arn, k -> new HashSet<>());
            for (String t : want) {
                if (!have.contains(t)) {
                    try {
                        targets.register(arn, host(t), port(t));
                        have.add(t);
                    } catch (AwsException e) {
                        warnOnce(arn + t, "cannot register " + t + " in " + arn + ": " + e.code() + " " + e.getMessage());
                    }
                }
            }
            for (String t : new ArrayList<>(have)) {
                if (!want.contains(t)) {
                    try {
                        targets.deregister(arn, host(t), port(t));
                    } catch (AwsException e) {
                        LOG.debug("deregistering {} from {}: {}", t, arn, e.getMessage());
                    }
                    have.remove(t);
                }
            }
            if (have.isEmpty() && !desired.containsKey(arn)) {
                registered.remove(arn);
            }
        }
    }

    private static ServicePort servicePort(Service svc, Object ref) {
        if (svc.getSpec().getPorts() == null) {
            return null;
        }
        String want = Objects.toString(ref, "");
        for (ServicePort p : svc.getSpec().getPorts()) {
            if (want.equals(String.valueOf(p.getPort())) || want.equals(p.getName())) {
                return p;
            }
        }
        return null;
    }

    private static int targetPort(ServicePort sp, Pod p) {
        IntOrString tp = sp.getTargetPort();
        if (tp == null) {
            return sp.getPort();
        }
        if (tp.getIntVal() != null) {
            return tp.getIntVal();
        }
        for (Container c : p.getSpec().getContainers()) {
            int port = resolvePort(tp, c);
            if (port > 0) {
                return port;
            }
        }
        return -1;
    }

    private static boolean matches(Pod p, Map<String, String> selector) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            LOG.warn("EKS cluster {}: {}", clusterName, message);
        }
    }

    private static String host(String target) {
        return target.substring(0, target.lastIndexOf(':'));
    }

    private static int port(String target) {
        return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a deleted cluster's pods leave their target groups (they drain, as when the pods are deleted)
        for (Map.Entry<String, Set<String>> e : registered.entrySet()) {
            for (String t : e.getValue()) {
                try {
                    targets.deregister(e.getKey(), host(t), port(t));
                } catch (AwsException | RuntimeException ex) {
                    LOG.debug("deregistering {} from {}: {}", t, e.getKey(), ex.toString());
                }
            }
        }
        registered.clear();
        for (PodRun run : new ArrayList<>(pods.values())) {
            teardown(run);
        }
        stopper.shutdown();
        client.close();
    }
}
