package dev.uniformpipeline.localcloud.ecs;

import static dev.uniformpipeline.localcloud.ecs.EcsService.F;
import static dev.uniformpipeline.localcloud.ecs.EcsService.LOG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Cluster;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Container;
import dev.uniformpipeline.localcloud.ecs.EcsModel.ContainerInstance;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Deployment;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Service;
import dev.uniformpipeline.localcloud.ecs.EcsModel.ServiceEvent;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Target;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Task;
import dev.uniformpipeline.localcloud.ecs.EcsModel.TaskDef;
import dev.uniformpipeline.localcloud.ecs.runtime.ContainerHandle;
import dev.uniformpipeline.localcloud.ecs.runtime.ContainerLaunch;
import dev.uniformpipeline.localcloud.ecs.runtime.ContainerStartException;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.ImageResolver.ResolvedImage;
import dev.uniformpipeline.localcloud.spi.TargetRegistry.TargetGroupInfo;
import dev.uniformpipeline.localcloud.spi.TargetRegistry.TargetHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The part of ECS that acts on its own: moves tasks through their lifecycle and rolls services out.
 * Every method runs under {@link EcsService#lock}; side effects on other services (EventBridge) are queued
 * in an outbox and run after the lock is released.
 */
final class EcsScheduler {
    private static final long SIX_HOURS = Duration.ofHours(6).toMillis();
    private final EcsService ecs;
    private final List<Runnable> outbox = new ArrayList<>();
    private final ExecutorService stopper = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ecs-task-stopper");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Future<?>> stopping = new HashMap<>();
    private final Map<String, Integer> stopExitCodes = new ConcurrentHashMap<>();
    private final Map<String, TargetHealth> healthCache = new HashMap<>();

    EcsScheduler(EcsService ecs) {
        this.ecs = ecs;
    }

    List<Runnable> drainOutbox() {
        List<Runnable> out = new ArrayList<>(outbox);
        outbox.clear();
        return out;
    }

    void tick() {
        List<Runnable> out;
        synchronized (ecs.lock) {
            long now = ecs.nowMs();
            healthCache.clear();
            for (Task t : new ArrayList<>(ecs.tasks.values())) {
                try {
                    advance(t, now);
                } catch (RuntimeException e) {
                    LOG.warn("task {} could not advance", t.arn, e);
                }
            }
            for (Service s : new ArrayList<>(ecs.services.values())) {
                try {
                    schedule(s, now);
                } catch (RuntimeException e) {
                    LOG.warn("service {} could not be scheduled", s.arn, e);
                }
            }
            purge(now);
            out = drainOutbox();
        }
        for (Runnable r : out) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.debug("ECS event not delivered: {}", e.toString());
            }
        }
    }

    // ================================================================== placement

    record TaskRequest(Cluster cluster, TaskDef td, EcsService.Launch launch, JsonNode networkConfiguration,
            JsonNode overrides, String group, String startedBy, Service service, Deployment deployment,
            ArrayNode tags, Map<String, Integer> perProvider, ContainerInstance onInstance) {
        TaskRequest(Cluster cluster, TaskDef td, EcsService.Launch launch, JsonNode networkConfiguration,
                JsonNode overrides, String group, String startedBy, Service service, Deployment deployment,
                ArrayNode tags, Map<String, Integer> perProvider) {
            this(cluster, td, launch, networkConfiguration, overrides, group, startedBy, service, deployment, tags,
                    perProvider, null);
        }
    }

    record Placed(Task task, String failure, String failureArn, boolean noInstances, String closest) {
    }

    private String chooseProvider(TaskRequest req) {
        ArrayNode strategy = req.launch().strategy();
        if (strategy == null || strategy.isEmpty()) {
            return null;
        }
        Map<String, Integer> counts = new HashMap<>(req.perProvider());
        if (req.deployment() != null) {
            for (Task t : ecs.tasks.values()) {
                if (req.deployment().id.equals(t.deploymentId) && t.wantsToRun() && t.capacityProviderName != null) {
                    counts.merge(t.capacityProviderName, 1, Integer::sum);
                }
            }
        }
        for (JsonNode item : strategy) {
            String p = name(item.path("capacityProvider").asText());
            int base = item.path("base").asInt(0);
            if (base > 0 && counts.getOrDefault(p, 0) < base) {
                return p;
            }
        }
        String best = null;
        double bestScore = Double.MAX_VALUE;
        for (JsonNode item : strategy) {
            int weight = item.path("weight").asInt(0);
            if (weight <= 0) {
                continue;
            }
            String p = name(item.path("capacityProvider").asText());
            int beyondBase = Math.max(0, counts.getOrDefault(p, 0) - item.path("base").asInt(0));
            double score = (beyondBase + 1) / (double) weight;
            if (score < bestScore) {
                bestScore = score;
                best = p;
            }
        }
        return best;
    }

    private static String name(String providerOrArn) {
        return providerOrArn.contains("/") ? providerOrArn.substring(providerOrArn.lastIndexOf('/') + 1) : providerOrArn;
    }

    static int[] reservation(TaskDef td) {
        JsonNode j = td.json;
        int cpu = 0;
        int mem = 0;
        for (JsonNode c : j.path("containerDefinitions")) {
            cpu += c.path("cpu").asInt(0);
            mem += c.hasNonNull("memoryReservation") ? c.get("memoryReservation").asInt()
                    : c.path("memory").asInt(0);
        }
        if (j.hasNonNull("cpu")) {
            cpu = Integer.parseInt(j.get("cpu").asText());
        }
        if (j.hasNonNull("memory")) {
            mem = Integer.parseInt(j.get("memory").asText());
        }
        return new int[] {cpu, mem};
    }

    private static Set<Integer> fixedHostPorts(TaskDef td) {
        Set<Integer> ports = new HashSet<>();
        String mode = td.json.path("networkMode").asText("bridge");
        if ("awsvpc".equals(mode)) {
            return ports;
        }
        for (JsonNode c : td.json.path("containerDefinitions")) {
            for (JsonNode pm : c.path("portMappings")) {
                int hp = pm.path("hostPort").asInt(0);
                if (hp > 0) {
                    ports.add(hp);
                }
            }
        }
        return ports;
    }

    Placed place(TaskRequest req) {
        long now = ecs.nowMs();
        String provider = chooseProvider(req);
        String launchType = req.launch().launchType() != null ? req.launch().launchType()
                : EcsService.BUILTIN_PROVIDERS.contains(provider) ? "FARGATE" : "EC2";
        int[] res = reservation(req.td());
        ContainerInstance instance = null;
        if (!"FARGATE".equals(launchType)) {
            List<ContainerInstance> candidates = ecs.containerInstances.values().stream()
                    .filter(ci -> ci.clusterArn.equals(req.cluster().arn) && "ACTIVE".equals(ci.status))
                    .filter(ci -> req.onInstance() != null ? ci == req.onInstance()
                            : provider == null || provider.equals(ci.capacityProviderName))
                    .toList();
            if (candidates.isEmpty()) {
                return new Placed(null, "AGENT", null, true, null);
            }
            Set<Integer> wantPorts = fixedHostPorts(req.td());
            String closestReason = null;
            ContainerInstance closest = null;
            int closestShort = Integer.MAX_VALUE;
            int bestFreeMem = Integer.MAX_VALUE;
            for (ContainerInstance ci : candidates) {
                int usedCpu = 0;
                int usedMem = 0;
                Set<Integer> usedPorts = new HashSet<>();
                for (Task t : ecs.tasks.values()) {
                    if (ci.arn.equals(t.containerInstanceArn) && !t.isStopped()) {
                        usedCpu += t.reservedCpu;
                        usedMem += t.reservedMemory;
                        usedPorts.addAll(fixedHostPorts(ecs.taskDefs.get(t.taskDefinitionArn)));
                    }
                }
                int freeCpu = ci.cpu - usedCpu;
                int freeMem = ci.memory - usedMem;
                boolean portsOk = wantPorts.stream().noneMatch(usedPorts::contains);
                int shortfalls = (freeCpu < res[0] ? 1 : 0) + (freeMem < res[1] ? 1 : 0) + (portsOk ? 0 : 1);
                if (shortfalls == 0) {
                    if (freeMem < bestFreeMem) {
                        bestFreeMem = freeMem;
                        instance = ci;
                    }
                } else if (shortfalls < closestShort) {
                    closestShort = shortfalls;
                    closest = ci;
                    closestReason = freeMem < res[1] ? "RESOURCE:MEMORY" : freeCpu < res[0] ? "RESOURCE:CPU"
                            : "RESOURCE:PORTS";
                }
            }
            if (instance == null) {
                String what = switch (closestReason) {
                    case "RESOURCE:MEMORY" -> "has insufficient memory available";
                    case "RESOURCE:CPU" -> "has insufficient CPU units available";
                    default -> "is already using a port required by your task";
                };
                return new Placed(null, closestReason, closest.arn, false,
                        "The closest matching (container-instance " + closest.id + ") " + what + ".");
            }
        }
        Task t = new Task();
        Cluster c = req.cluster();
        t.id = Ids.hex(32);
        t.arn = Ids.arn(c.region, c.account, "task/" + c.name + "/" + t.id);
        t.clusterArn = c.arn;
        t.account = c.account;
        t.region = c.region;
        t.taskDefinitionArn = req.td().arn;
        t.launchType = launchType;
        t.capacityProviderName = provider;
        t.group = req.group();
        t.startedBy = req.startedBy();
        t.networkMode = req.td().json.path("networkMode").asText("bridge");
        t.networkConfiguration = req.networkConfiguration() == null || req.networkConfiguration().isNull() ? null
                : (ObjectNode) req.networkConfiguration();
        t.overrides = req.overrides() == null || req.overrides().isNull() ? null : (ObjectNode) req.overrides();
        t.cpu = req.td().json.hasNonNull("cpu") ? req.td().json.get("cpu").asText() : null;
        t.memory = req.td().json.hasNonNull("memory") ? req.td().json.get("memory").asText() : null;
        t.reservedCpu = res[0];
        t.reservedMemory = res[1];
        t.tags = req.tags();
        t.createdAt = now;
        t.availabilityZone = c.region + "a";
        if (req.service() != null) {
            t.serviceArn = req.service().arn;
            t.deploymentId = req.deployment().id;
        }
        if (instance != null) {
            t.containerInstanceArn = instance.arn;
        }
        if ("awsvpc".equals(t.networkMode)) {
            t.ip = ecs.addresses.allocate();
            t.eniId = "eni-" + Ids.hex(17);
            t.lastStatus = "PROVISIONING";
            t.phaseUntil = now + ecs.timings.provisioning().toMillis();
        } else {
            t.ip = instance == null ? ecs.addresses.allocate() : instance.ip;
            t.lastStatus = "PENDING";
            t.phaseUntil = now + ecs.timings.pending().toMillis();
        }
        for (JsonNode cd : req.td().json.path("containerDefinitions")) {
            Container ct = new Container();
            ct.name = cd.path("name").asText();
            ct.image = cd.path("image").asText();
            ct.essential = cd.path("essential").asBoolean(true);
            ct.containerArn = Ids.arn(c.region, c.account, "container/" + c.name + "/" + t.id + "/" + Ids.uuid());
            t.containers.add(ct);
        }
        ecs.tasks.put(t.arn, t);
        if (provider != null) {
            req.perProvider().merge(provider, 1, Integer::sum);
        }
        publishTask(t);
        return new Placed(t, null, null, false, null);
    }

    // ================================================================== task lifecycle

    private void setStatus(Task t, String status) {
        t.lastStatus = status;
        t.version++;
        boolean quiet = ("ACTIVATING".equals(status) || "DEACTIVATING".equals(status))
                && t.targets.stream().map(x -> x.targetGroupArn).distinct().count() <= 1;
        if (!quiet) {
            publishTask(t);
        }
    }

    private void publishTask(Task t) {
        ObjectNode detail = EcsRender.taskEventDetail(ecs, t);
        String account = t.account;
        String region = t.region;
        String arn = t.arn;
        outbox.add(() -> ecs.events.publish(account, region, "aws.ecs", "ECS Task State Change", List.of(arn), detail));
    }

    /** Asks a task to stop; the first reason wins. Counts stage-1 circuit-breaker failures. */
    void requestStop(Task t, String stopCode, String reason) {
        if (!"RUNNING".equals(t.desiredStatus)) {
            return;
        }
        t.desiredStatus = "STOPPED";
        t.stopCode = stopCode;
        t.stoppedReason = reason;
        t.version++;
        if (!t.everRunning && t.deploymentId != null
                && ("TaskFailedToStart".equals(stopCode) || "EssentialContainerExited".equals(stopCode))) {
            deployment(t).ifPresent(d -> {
                if ("IN_PROGRESS".equals(d.rolloutState) && !d.hadRunningTask) {
                    d.failedTasks++;
                }
            });
        }
        publishTask(t);
    }

    private Optional<Deployment> deployment(Task t) {
        Service s = t.serviceArn == null ? null : ecs.services.get(t.serviceArn);
        if (s == null) {
            return Optional.empty();
        }
        return s.deployments.stream().filter(d -> d.id.equals(t.deploymentId)).findFirst();
    }

    private void advance(Task t, long now) {
        switch (t.lastStatus) {
            case "PROVISIONING" -> {
                if (!"RUNNING".equals(t.desiredStatus)) {
                    beginStopping(t, now);
                } else if (now >= t.phaseUntil) {
                    t.phaseUntil = now + ecs.timings.pending().toMillis();
                    setStatus(t, "PENDING");
                }
            }
            case "PENDING" -> {
                if (!"RUNNING".equals(t.desiredStatus)) {
                    beginStopping(t, now);
                } else if (now >= t.phaseUntil) {
                    t.pullStartedAt = now;
                    t.phaseUntil = now + ecs.timings.activating().toMillis();
                    setStatus(t, "ACTIVATING");
                }
            }
            case "ACTIVATING" -> {
                if (!"RUNNING".equals(t.desiredStatus)) {
                    beginStopping(t, now);
                } else if (now >= t.phaseUntil) {
                    activate(t, now);
                }
            }
            case "RUNNING" -> running(t, now);
            case "DEACTIVATING" -> {
                if (now >= t.phaseUntil || drained(t)) {
                    startStopping(t, now);
                }
            }
            case "STOPPING" -> stoppingDone(t, now);
            case "DEPROVISIONING" -> {
                if (now >= t.phaseUntil) {
                    t.stoppedAt = now;
                    if ("awsvpc".equals(t.networkMode) || t.containerInstanceArn == null) {
                        ecs.addresses.release(t.ip);
                    }
                    setStatus(t, "STOPPED");
                }
            }
            default -> {
            }
        }
    }

    private void activate(Task t, long now) {
        TaskDef td = ecs.taskDefs.get(t.taskDefinitionArn);
        Map<String, ResolvedImage> resolved = new HashMap<>();
        for (Container c : t.containers) {
            Optional<ResolvedImage> img;
            try {
                img = ecs.images.resolve(c.image);
            } catch (RuntimeException e) {
                img = Optional.empty();
            }
            if (img.isEmpty()) {
                String reason = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed"
                        + " to resolve ref " + c.image + ": not found";
                c.reason = reason;
                failToStart(t, now, reason);
                return;
            }
            resolved.put(c.name, img.get());
            c.imageDigest = img.get().digest();
        }
        for (Container c : t.containers) {
            JsonNode log = EcsService.containerDef(td, c.name).path("logConfiguration");
            if (!"awslogs".equals(log.path("logDriver").asText())) {
                continue;
            }
            JsonNode o = log.path("options");
            String group = o.path("awslogs-group").asText();
            String region = o.path("awslogs-region").asText(t.region);
            boolean exists;
            try {
                exists = ecs.logs.groupExists(t.account, region, group);
                if (!exists && "true".equals(o.path("awslogs-create-group").asText())) {
                    ecs.logs.createGroup(t.account, region, group);
                    exists = true;
                }
            } catch (RuntimeException e) {
                exists = false;
            }
            if (!exists) {
                failToStart(t, now, "ResourceInitializationError: failed to validate logger args: create stream has"
                        + " been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException:"
                        + " The specified log group does not exist. : exit status 1");
                return;
            }
            c.logGroup = group;
        }
        t.pullStoppedAt = now;
        for (Container c : t.containers) {
            try {
                startContainer(t, td, c, resolved.get(c.name));
            } catch (ContainerStartException e) {
                c.reason = e.getMessage();
                failToStart(t, now, e.getMessage());
                return;
            }
        }
        for (Container c : t.containers) {
            if (c.handle != null && c.handle.exitCode().isPresent()) {
                containerExited(t, c, now);
            }
        }
        if (!"RUNNING".equals(t.desiredStatus)) {
            beginStopping(t, now);
            return;
        }
        registerTargets(t, td);
        t.startedAt = now;
        t.connectivityAt = now;
        t.everRunning = true;
        setStatus(t, "RUNNING");
        deployment(t).ifPresent(d -> {
            if (!d.hadRunningTask) {
                d.hadRunningTask = true;
                d.failedTasks = 0;
            }
        });
    }

    private void startContainer(Task t, TaskDef td, Container c, ResolvedImage img) throws ContainerStartException {
        JsonNode cd = EcsService.containerDef(td, c.name);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : cd.path("environment")) {
            env.put(e.path("name").asText(), e.path("value").asText(""));
        }
        if (t.overrides != null) {
            for (JsonNode co : t.overrides.path("containerOverrides")) {
                if (c.name.equals(co.path("name").asText())) {
                    for (JsonNode e : co.path("environment")) {
                        env.put(e.path("name").asText(), e.path("value").asText(""));
                    }
                }
            }
        }
        List<ContainerLaunch.PortBinding> ports = new ArrayList<>();
        for (JsonNode pm : cd.path("portMappings")) {
            if ("udp".equals(pm.path("protocol").asText("tcp"))) {
                continue;
            }
            int cp = pm.path("containerPort").asInt();
            int hp = "awsvpc".equals(t.networkMode) || "host".equals(t.networkMode) ? cp : pm.path("hostPort").asInt(0);
            ports.add(new ContainerLaunch.PortBinding(cp, hp));
        }
        Set<String> healthPaths = new HashSet<>();
        Service s = t.serviceArn == null ? null : ecs.services.get(t.serviceArn);
        if (s != null && s.loadBalancers != null) {
            for (JsonNode lb : s.loadBalancers) {
                if (c.name.equals(lb.path("containerName").asText())) {
                    ecs.targets.targetGroup(lb.path("targetGroupArn").asText())
                            .map(TargetGroupInfo::healthCheckPath).filter(p -> p != null && !p.isEmpty())
                            .ifPresent(healthPaths::add);
                }
            }
        }
        JsonNode log = cd.path("logConfiguration");
        java.util.function.Consumer<String> out = line -> {
        };
        if ("awslogs".equals(log.path("logDriver").asText())) {
            JsonNode o = log.path("options");
            String group = o.path("awslogs-group").asText();
            String region = o.path("awslogs-region").asText(t.region);
            String prefix = o.path("awslogs-stream-prefix").asText("");
            String[] stream = {prefix.isEmpty() ? null : prefix + "/" + c.name + "/" + t.id};
            c.logStream = stream[0];
            String account = t.account;
            out = line -> {
                try {
                    ecs.logs.put(account, region, group, stream[0] != null ? stream[0] : c.runtimeId,
                            ecs.clock.now(), line);
                } catch (RuntimeException e) {
                    LOG.debug("log line dropped for {}: {}", group, e.toString());
                }
            };
        }
        ContainerLaunch launch = new ContainerLaunch(t.id, c.name, c.image, img, env, t.ip, ports, healthPaths, out);
        ContainerHandle h = ecs.runtime.start(launch);
        t.runtimeMode = ecs.runtime.mode(launch);
        c.handle = h;
        c.runtimeId = h.runtimeId();
        if (c.logStream == null && "awslogs".equals(log.path("logDriver").asText())) {
            c.logStream = c.runtimeId;
        }
        c.bindings = new ArrayList<>();
        for (ContainerLaunch.PortBinding b : h.boundPorts()) {
            c.bindings.add(new int[] {b.containerPort(), b.hostPort()});
        }
        c.lastStatus = "RUNNING";
        JsonNode hc = cd.get("healthCheck");
        if (hc != null && !hc.isNull()) {
            c.healthStatus = "UNKNOWN";
            c.nextHealthCheckAt = ecs.nowMs() + hc.path("interval").asInt(30) * 1000L;
        }
    }

    private void failToStart(Task t, long now, String reason) {
        requestStop(t, "TaskFailedToStart", reason);
        for (Container c : t.containers) {
            if (c.handle != null) {
                c.handle.stop(Duration.ZERO);
                c.handle = null;
            }
            c.lastStatus = "STOPPED";
        }
        beginStopping(t, now);
    }

    private void registerTargets(Task t, TaskDef td) {
        Service s = t.serviceArn == null ? null : ecs.services.get(t.serviceArn);
        if (s == null || s.loadBalancers == null) {
            return;
        }
        for (JsonNode lb : s.loadBalancers) {
            String tg = lb.path("targetGroupArn").asText();
            String cname = lb.path("containerName").asText();
            int cport = lb.path("containerPort").asInt();
            Container c = t.containers.stream().filter(x -> x.name.equals(cname)).findFirst().orElse(null);
            if (c == null) {
                continue;
            }
            int hostPort = c.bindings.stream().filter(b -> b[0] == cport).map(b -> b[1]).findFirst().orElse(cport);
            String targetId;
            int port;
            if ("awsvpc".equals(t.networkMode)) {
                targetId = t.ip;
                port = cport;
            } else {
                ContainerInstance ci = ecs.containerInstances.get(t.containerInstanceArn);
                targetId = ci == null ? t.ip : ci.ec2InstanceId;
                port = hostPort;
            }
            try {
                ecs.targets.register(tg, targetId, port);
                t.targets.add(new Target(tg, targetId, port, cport, cname));
                postEvent(s, null, "(service " + s.name + ") registered 1 targets in (target-group " + tg + ")");
            } catch (AwsException e) {
                LOG.warn("registering {}:{} in {} failed: {}", targetId, port, tg, e.getMessage());
            }
        }
    }

    private void running(Task t, long now) {
        TaskDef td = ecs.taskDefs.get(t.taskDefinitionArn);
        for (Container c : t.containers) {
            if ("RUNNING".equals(c.lastStatus) && c.handle == null) {
                // restored from a snapshot: start the container again
                try {
                    startContainer(t, td, c, ecs.images.resolve(c.image).orElse(null));
                } catch (ContainerStartException | RuntimeException e) {
                    c.reason = e.getMessage();
                    c.exitCode = 1;
                    c.lastStatus = "STOPPED";
                    if (c.essential) {
                        requestStop(t, "EssentialContainerExited", "Essential container in task exited");
                    }
                }
            }
            if ("RUNNING".equals(c.lastStatus) && c.handle != null && c.handle.exitCode().isPresent()) {
                containerExited(t, c, now);
            }
        }
        containerHealth(t, td, now);
        if (!"RUNNING".equals(t.desiredStatus)) {
            beginStopping(t, now);
        }
    }

    private void containerExited(Task t, Container c, long now) {
        c.exitCode = c.handle.exitCode().getAsInt();
        c.lastStatus = "STOPPED";
        c.handle = null;
        t.version++;
        if (c.essential) {
            requestStop(t, "EssentialContainerExited", "Essential container in task exited");
        }
    }

    private void containerHealth(Task t, TaskDef td, long now) {
        boolean any = false;
        boolean allHealthy = true;
        boolean unhealthy = false;
        for (Container c : t.containers) {
            JsonNode hc = EcsService.containerDef(td, c.name).get("healthCheck");
            if (hc == null || hc.isNull()) {
                continue;
            }
            if ("RUNNING".equals(c.lastStatus) && c.handle != null && now >= c.nextHealthCheckAt) {
                c.nextHealthCheckAt = now + hc.path("interval").asInt(30) * 1000L;
                long startPeriodEnd = (t.startedAt == null ? now : t.startedAt) + hc.path("startPeriod").asInt(0) * 1000L;
                if (c.handle.healthCheckPasses()) {
                    c.healthFailures = 0;
                    if (!"HEALTHY".equals(c.healthStatus)) {
                        c.healthStatus = "HEALTHY";
                        t.version++;
                    }
                } else if (now >= startPeriodEnd) {
                    c.healthFailures++;
                    if (c.healthFailures >= hc.path("retries").asInt(3) && !"UNHEALTHY".equals(c.healthStatus)) {
                        c.healthStatus = "UNHEALTHY";
                        t.version++;
                    }
                }
            }
            if (c.essential) {
                any = true;
                allHealthy &= "HEALTHY".equals(c.healthStatus);
                unhealthy |= "UNHEALTHY".equals(c.healthStatus);
            }
        }
        String h = !any ? "UNKNOWN" : unhealthy ? "UNHEALTHY" : allHealthy ? "HEALTHY" : "UNKNOWN";
        if (!h.equals(t.healthStatus)) {
            t.healthStatus = h;
            t.version++;
        }
    }

    private void beginStopping(Task t, long now) {
        if (t.stoppingAt == null) {
            t.stoppingAt = now;
        }
        if (!t.targets.isEmpty() && !t.targetsDeregistered) {
            t.targetsDeregistered = true;
            long delay = 0;
            Service s = t.serviceArn == null ? null : ecs.services.get(t.serviceArn);
            for (Target x : t.targets) {
                try {
                    ecs.targets.deregister(x.targetGroupArn, x.targetId, x.port);
                    delay = Math.max(delay, ecs.targets.targetGroup(x.targetGroupArn)
                            .map(TargetGroupInfo::deregistrationDelaySeconds).orElse(300));
                    if (s != null) {
                        postEvent(s, null, "(service " + s.name + ") deregistered 1 targets in (target-group "
                                + x.targetGroupArn + ")");
                    }
                } catch (AwsException e) {
                    LOG.debug("deregistering {} failed: {}", x.targetId, e.getMessage());
                }
            }
            if (s != null) {
                postEvent(s, null, "(service " + s.name + ") has begun draining connections on 1 tasks.");
            }
            t.phaseUntil = now + (delay + 5) * 1000L;
            setStatus(t, "DEACTIVATING");
            return;
        }
        startStopping(t, now);
    }

    private boolean drained(Task t) {
        for (Target x : t.targets) {
            try {
                if ("draining".equals(ecs.targets.health(x.targetGroupArn, x.targetId, x.port).state())) {
                    return false;
                }
            } catch (AwsException | RuntimeException e) {
                // the target is gone: nothing left to drain
            }
        }
        return true;
    }

    private void startStopping(Task t, long now) {
        TaskDef td = ecs.taskDefs.get(t.taskDefinitionArn);
        List<ContainerHandle> handles = new ArrayList<>();
        List<Container> owners = new ArrayList<>();
        for (Container c : t.containers) {
            if (c.handle != null) {
                handles.add(c.handle);
                owners.add(c);
            }
        }
        if (!handles.isEmpty()) {
            List<Duration> timeouts = new ArrayList<>();
            for (Container c : owners) {
                JsonNode cd = EcsService.containerDef(td, c.name);
                timeouts.add(Duration.ofSeconds(cd == null ? 30 : cd.path("stopTimeout").asInt(30)));
            }
            List<String> arns = owners.stream().map(c -> c.containerArn).toList();
            stopping.put(t.arn, stopper.submit(() -> {
                for (int i = 0; i < handles.size(); i++) {
                    stopExitCodes.put(arns.get(i), handles.get(i).stop(timeouts.get(i)));
                }
            }));
        }
        setStatus(t, "STOPPING");
    }

    private void stoppingDone(Task t, long now) {
        Future<?> f = stopping.get(t.arn);
        if (f != null && !f.isDone()) {
            return;
        }
        stopping.remove(t.arn);
        for (Container c : t.containers) {
            Integer code = stopExitCodes.remove(c.containerArn);
            if (c.handle != null) {
                c.exitCode = code != null ? code : c.handle.exitCode().orElse(0);
                c.handle = null;
            }
            c.lastStatus = "STOPPED";
        }
        t.executionStoppedAt = now;
        boolean eni = "awsvpc".equals(t.networkMode);
        t.phaseUntil = now + (eni ? ecs.timings.deprovisioning().toMillis() : 0);
        setStatus(t, "DEPROVISIONING");
    }

    private void purge(long now) {
        long keep = ecs.timings.stoppedRetention().toMillis();
        ecs.tasks.values().removeIf(t -> t.isStopped() && t.stoppedAt != null && now - t.stoppedAt > keep);
        long keepSvc = ecs.timings.inactiveServiceRetention().toMillis();
        ecs.services.values().removeIf(s -> "INACTIVE".equals(s.status) && now - s.inactiveAt > keepSvc);
    }

    // ================================================================== services

    void newDeployment(Service s, String rollbackTo) {
        long now = ecs.nowMs();
        Deployment d = new Deployment();
        d.id = Ids.deploymentId();
        d.status = "PRIMARY";
        d.taskDefinitionArn = s.taskDefinitionArn;
        d.desiredCount = s.desiredCount;
        d.rolloutState = "IN_PROGRESS";
        d.rolloutStateReason = rollbackTo == null ? "ECS deployment " + d.id + " in progress."
                : "ECS deployment circuit breaker: rolling back to deploymentId " + rollbackTo + ".";
        d.createdAt = now;
        d.updatedAt = now;
        d.launchType = s.launchType;
        d.capacityProviderStrategy = s.capacityProviderStrategy;
        d.platformVersion = s.platformVersion;
        d.networkConfiguration = s.networkConfiguration;
        d.rollback = rollbackTo != null;
        for (Deployment old : s.deployments) {
            old.status = "ACTIVE";
            old.updatedAt = now;
        }
        s.deployments.add(0, d);
        s.steady = false;
        s.eventKeys.remove("stall");
        publishDeployment(s, d, "INFO", "SERVICE_DEPLOYMENT_IN_PROGRESS", d.rolloutStateReason);
    }

    private void publishDeployment(Service s, Deployment d, String type, String name, String reason) {
        ObjectNode detail = F.objectNode();
        detail.put("eventType", type);
        detail.put("eventName", name);
        detail.put("deploymentId", d.id);
        detail.put("updatedAt", java.time.Instant.ofEpochMilli(ecs.nowMs()).toString());
        detail.put("reason", reason);
        String account = s.account;
        String region = s.region;
        String arn = s.arn;
        outbox.add(() -> ecs.events.publish(account, region, "aws.ecs", "ECS Deployment State Change",
                List.of(arn), detail));
    }

    private void publishServiceAction(Service s, String type, String name) {
        ObjectNode detail = F.objectNode();
        detail.put("eventType", type);
        detail.put("eventName", name);
        detail.put("clusterArn", s.clusterArn);
        detail.put("createdAt", java.time.Instant.ofEpochMilli(ecs.nowMs()).toString());
        String account = s.account;
        String region = s.region;
        String arn = s.arn;
        outbox.add(() -> ecs.events.publish(account, region, "aws.ecs", "ECS Service Action", List.of(arn), detail));
    }

    /** Posts a service event; a non-null key suppresses repeats for 6 h or until {@code eventKeys} drops it. */
    boolean postEvent(Service s, String key, String message) {
        long now = ecs.nowMs();
        if (key != null) {
            Long last = s.eventKeys.get(key);
            if (last != null && now - last < SIX_HOURS) {
                return false;
            }
            s.eventKeys.put(key, now);
        }
        s.events.add(0, new ServiceEvent(Ids.uuid(), now, message));
        while (s.events.size() > 100) {
            s.events.remove(s.events.size() - 1);
        }
        return true;
    }

    private enum Health { HEALTHY, UNHEALTHY, UNKNOWN }

    private TargetHealth targetHealth(Target x) {
        String key = x.targetGroupArn + "|" + x.targetId + "|" + x.port;
        return healthCache.computeIfAbsent(key, k -> {
            try {
                return ecs.targets.health(x.targetGroupArn, x.targetId, x.port);
            } catch (AwsException | RuntimeException e) {
                return new TargetHealth("unavailable", "Elb.InternalError", e.getMessage());
            }
        });
    }

    private Health health(Service s, Task t, long now) {
        if (!t.isRunning()) {
            return Health.UNKNOWN;
        }
        TaskDef td = ecs.taskDefs.get(t.taskDefinitionArn);
        boolean containerChecks = t.containers.stream()
                .anyMatch(c -> EcsService.containerDef(td, c.name).hasNonNull("healthCheck"));
        boolean lb = !t.targets.isEmpty();
        long grace = s.healthCheckGracePeriodSeconds == null ? 0 : s.healthCheckGracePeriodSeconds * 1000L;
        boolean inGrace = lb && t.startedAt != null && now < t.startedAt + grace;
        if (containerChecks && "UNHEALTHY".equals(t.healthStatus)) {
            return inGrace ? Health.UNKNOWN : Health.UNHEALTHY;
        }
        if (lb) {
            boolean allHealthy = true;
            for (Target x : t.targets) {
                String state = targetHealth(x).state();
                if ("unhealthy".equals(state)) {
                    return inGrace ? Health.UNKNOWN : Health.UNHEALTHY;
                }
                allHealthy &= "healthy".equals(state);
            }
            if (!allHealthy) {
                return Health.UNKNOWN;
            }
        }
        if (containerChecks) {
            return "HEALTHY".equals(t.healthStatus) ? Health.HEALTHY : Health.UNKNOWN;
        }
        if (!lb) {
            return t.startedAt != null && now - t.startedAt >= ecs.timings.noLoadBalancerHealthyAfter().toMillis()
                    ? Health.HEALTHY : Health.UNKNOWN;
        }
        return Health.HEALTHY;
    }

    private void schedule(Service s, long now) {
        if ("INACTIVE".equals(s.status)) {
            return;
        }
        List<Task> mine = new ArrayList<>();
        for (Task t : ecs.tasks.values()) {
            if (s.arn.equals(t.serviceArn) && !t.isStopped()) {
                mine.add(t);
            }
        }
        Deployment primary = s.deployments.get(0);

        // health of running tasks: replace the unhealthy ones
        Map<Task, Health> health = new HashMap<>();
        for (Task t : mine) {
            Health h = health(s, t, now);
            if (h == Health.UNHEALTHY && "RUNNING".equals(t.desiredStatus)) {
                replaceUnhealthy(s, t);
            }
            if (h == Health.HEALTHY && t.healthyAt == null) {
                t.healthyAt = now;
            }
            health.put(t, h);
        }

        if ("DRAINING".equals(s.status)) {
            for (Task t : mine) {
                requestStop(t, "ServiceSchedulerInitiated", "Service deletion initiated");
            }
            if (mine.isEmpty()) {
                s.status = "INACTIVE";
                s.inactiveAt = now;
                s.deployments.removeIf(d -> !d.status.equals("PRIMARY"));
            }
            return;
        }

        // circuit breaker
        if ("IN_PROGRESS".equals(primary.rolloutState)) {
            int threshold = DeploymentMath.breakerThreshold(s.desiredCount);
            if (primary.failedTasks >= threshold) {
                if (s.breakerEnable) {
                    tripBreaker(s, primary);
                    primary = s.deployments.get(0);
                } else {
                    if (postEvent(s, "impaired", "(service " + s.name + ") is unable to consistently start tasks"
                            + " successfully.")) {
                        publishServiceAction(s, "WARN", "SERVICE_TASK_START_IMPAIRED");
                    }
                }
            }
        }

        rollingUpdate(s, primary, mine, health, now);

        // old deployments leave once all their tasks have stopped
        s.deployments.removeIf(d -> !"PRIMARY".equals(d.status)
                && ecs.tasks.values().stream().noneMatch(t -> d.id.equals(t.deploymentId) && !t.isStopped()));
        for (Deployment d : s.deployments) {
            if (!"PRIMARY".equals(d.status)) {
                d.desiredCount = (int) ecs.tasks.values().stream()
                        .filter(t -> d.id.equals(t.deploymentId) && t.wantsToRun()).count();
            }
        }

        List<Task> primaryAlive = aliveOf(s, primary);
        boolean allPrimaryHealthy = primaryAlive.stream().allMatch(t -> health(s, t, now) == Health.HEALTHY);
        boolean onlyPrimary = s.deployments.size() == 1;
        if ("IN_PROGRESS".equals(primary.rolloutState) && onlyPrimary && primaryAlive.size() == s.desiredCount
                && allPrimaryHealthy) {
            primary.rolloutState = "COMPLETED";
            primary.rolloutStateReason = "ECS deployment " + primary.id + " completed.";
            primary.updatedAt = now;
            s.lastCompletedDeploymentId = primary.id;
            s.lastCompletedTaskDefinitionArn = primary.taskDefinitionArn;
            postEvent(s, null, "(service " + s.name + ") (deployment " + primary.id + ") deployment completed.");
            publishDeployment(s, primary, "INFO", "SERVICE_DEPLOYMENT_COMPLETED", primary.rolloutStateReason);
        }
        boolean steady = onlyPrimary && !"IN_PROGRESS".equals(primary.rolloutState)
                && primaryAlive.size() == s.desiredCount && allPrimaryHealthy
                && mine.stream().filter(Task::wantsToRun).count() == s.desiredCount;
        if (steady && !s.steady) {
            s.eventKeys.remove("steady");
            s.eventKeys.remove("stall");
            s.eventKeys.remove("placement");
            s.eventKeys.remove("impaired");
        }
        if (steady) {
            if (postEvent(s, "steady", "(service " + s.name + ") has reached a steady state.")) {
                publishServiceAction(s, "INFO", "SERVICE_STEADY_STATE");
            }
        }
        s.steady = steady;
    }

    private List<Task> aliveOf(Service s, Deployment d) {
        List<Task> out = new ArrayList<>();
        for (Task t : ecs.tasks.values()) {
            if (s.arn.equals(t.serviceArn) && d.id.equals(t.deploymentId) && t.wantsToRun()) {
                out.add(t);
            }
        }
        return out;
    }

    private void replaceUnhealthy(Service s, Task t) {
        Target bad = null;
        for (Target x : t.targets) {
            if ("unhealthy".equals(targetHealth(x).state())) {
                bad = x;
                break;
            }
        }
        if (bad != null) {
            TargetHealth th = targetHealth(bad);
            String reason = th.description() != null ? th.description() : th.reason() != null ? th.reason()
                    : "Health checks failed";
            postEvent(s, null, "(service " + s.name + ") (task " + t.id + ") (port " + bad.port + ") is unhealthy in"
                    + " (target-group " + bad.targetGroupArn + ") due to (reason " + reason + ").");
            requestStop(t, "ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group "
                    + bad.targetGroupArn + ")");
        } else {
            postEvent(s, null, "(service " + s.name + ") (task " + t.id + ") failed container health checks.");
            requestStop(t, "ServiceSchedulerInitiated", "Task failed container health checks");
        }
        s.replacedUnhealthy++;
        deployment(t).ifPresent(d -> {
            if ("IN_PROGRESS".equals(d.rolloutState)) {
                d.failedTasks++;
            }
        });
    }

    private void tripBreaker(Service s, Deployment failed) {
        long now = ecs.nowMs();
        failed.rolloutState = "FAILED";
        failed.rolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        failed.updatedAt = now;
        postEvent(s, null, "(service " + s.name + ") (deployment " + failed.id + ") deployment failed: tasks failed"
                + " to start.");
        publishDeployment(s, failed, "ERROR", "SERVICE_DEPLOYMENT_FAILED", failed.rolloutStateReason);
        if (s.breakerRollback && s.lastCompletedTaskDefinitionArn != null && !failed.rollback) {
            postEvent(s, null, "(service " + s.name + ") rolling back to deployment " + s.lastCompletedDeploymentId
                    + ".");
            s.taskDefinitionArn = s.lastCompletedTaskDefinitionArn;
            newDeployment(s, s.lastCompletedDeploymentId);
        }
    }

    private void rollingUpdate(Service s, Deployment primary, List<Task> mine, Map<Task, Health> health, long now) {
        List<Task> primaryAlive = new ArrayList<>();
        List<Task> oldAlive = new ArrayList<>();
        for (Task t : mine) {
            if (!t.wantsToRun()) {
                continue;
            }
            (primary.id.equals(t.deploymentId) ? primaryAlive : oldAlive).add(t);
        }
        if ("FAILED".equals(primary.rolloutState)) {
            return; // a failed deployment launches no new tasks and keeps the old ones
        }
        int healthy = (int) mine.stream().filter(t -> t.wantsToRun() && health.get(t) == Health.HEALTHY).count();
        List<Task> oldFree = new ArrayList<>();
        List<Task> oldHealthy = new ArrayList<>();
        for (Task t : oldAlive) {
            Health h = health.get(t);
            if (h == Health.HEALTHY) {
                oldHealthy.add(t);
            } else if (!t.isRunning() || h == Health.UNHEALTHY || isFailedDeployment(s, t)) {
                oldFree.add(t);
            }
        }
        DeploymentMath.Step step = DeploymentMath.step(s.desiredCount, s.minimumHealthyPercent, s.maximumPercent,
                primaryAlive.size(), oldAlive.size(), healthy, oldFree.size());

        List<Task> started = new ArrayList<>();
        Map<String, Integer> perProvider = new HashMap<>();
        Cluster c = ecs.clusters.get(s.clusterArn);
        TaskDef td = ecs.taskDefs.get(primary.taskDefinitionArn);
        for (int i = 0; i < step.start(); i++) {
            EcsService.Launch launch = new EcsService.Launch(primary.launchType, primary.capacityProviderStrategy);
            Placed p = place(new TaskRequest(c, td, launch, primary.networkConfiguration, null,
                    "service:" + s.name, primary.id, s, primary, s.propagateTags.equals("SERVICE") ? s.tags : null,
                    perProvider));
            if (p.task() == null) {
                String msg = "(service " + s.name + ") was unable to place a task because no container instance met"
                        + " all of its requirements. " + (p.noInstances()
                        ? "Reason: No Container Instances were found in your cluster."
                        : p.closest() + " For more information, see the Troubleshooting section.");
                if (postEvent(s, "placement", msg)) {
                    publishServiceAction(s, "WARN", "SERVICE_TASK_PLACEMENT_FAILURE");
                }
                break;
            }
            s.eventKeys.remove("placement");
            started.add(p.task());
        }
        if (!started.isEmpty()) {
            StringBuilder sb = new StringBuilder("(service " + s.name + ") has started " + started.size() + " tasks:");
            started.forEach(t -> sb.append(" (task ").append(t.id).append(")"));
            sb.append('.');
            if (s.replacedUnhealthy > 0) {
                int n = Math.min(s.replacedUnhealthy, started.size());
                sb.append(" Amazon ECS replaced ").append(n).append(" tasks due to an unhealthy status.");
                s.replacedUnhealthy -= n;
            }
            postEvent(s, null, sb.toString());
            s.eventKeys.remove("stall");
        }

        List<Task> stopped = new ArrayList<>();
        for (Task t : oldFree) {
            stopScaling(t, primary, stopped);
        }
        oldHealthy.sort(Comparator.comparingLong(t -> t.createdAt));
        for (int i = 0; i < step.stopHealthy() && i < oldHealthy.size(); i++) {
            stopScaling(oldHealthy.get(i), primary, stopped);
        }
        // scale in within the primary deployment
        int extra = primaryAlive.size() + started.size() - s.desiredCount;
        if (extra > 0 && oldAlive.isEmpty()) {
            List<Task> victims = new ArrayList<>(primaryAlive);
            victims.sort(Comparator.comparing((Task t) -> health.get(t) == Health.HEALTHY)
                    .thenComparing(Comparator.comparingLong((Task t) -> t.createdAt).reversed()));
            for (int i = 0; i < extra && i < victims.size(); i++) {
                stopScaling(victims.get(i), primary, stopped);
            }
        }
        List<Task> stoppedRunning = stopped.stream().filter(Task::isRunning).toList();
        if (!stoppedRunning.isEmpty()) {
            StringBuilder sb = new StringBuilder("(service " + s.name + ") has stopped " + stoppedRunning.size()
                    + " running tasks:");
            stoppedRunning.forEach(t -> sb.append(" (task ").append(t.id).append(")"));
            sb.append('.');
            postEvent(s, null, sb.toString());
            s.eventKeys.remove("stall");
        }

        boolean allSettled = mine.stream().filter(Task::wantsToRun).allMatch(t -> health.get(t) == Health.HEALTHY);
        if (step.stalled(s.desiredCount - primaryAlive.size(), oldAlive.size()) && started.isEmpty()
                && stopped.isEmpty() && allSettled) {
            postEvent(s, "stall", "(service " + s.name + ") was unable to stop or start tasks during a deployment"
                    + " because of the service deployment configuration. Update the minimumHealthyPercent or"
                    + " maximumPercent value and try again.");
        }
    }

    private boolean isFailedDeployment(Service s, Task t) {
        return s.deployments.stream().anyMatch(d -> d.id.equals(t.deploymentId) && "FAILED".equals(d.rolloutState));
    }

    private void stopScaling(Task t, Deployment by, List<Task> stopped) {
        if (!"RUNNING".equals(t.desiredStatus)) {
            return;
        }
        requestStop(t, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + by.id + ")");
        stopped.add(t);
    }
}
