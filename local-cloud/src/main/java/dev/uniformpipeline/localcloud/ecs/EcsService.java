package dev.uniformpipeline.localcloud.ecs;

import static dev.uniformpipeline.localcloud.ecs.TaskDefinitionValidator.client;
import static dev.uniformpipeline.localcloud.ecs.TaskDefinitionValidator.invalid;
import static dev.uniformpipeline.localcloud.ecs.TaskDefinitionValidator.text;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ecs.EcsModel.CapacityProvider;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Cluster;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Container;
import dev.uniformpipeline.localcloud.ecs.EcsModel.ContainerInstance;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Deployment;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Service;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Task;
import dev.uniformpipeline.localcloud.ecs.EcsModel.TaskDef;
import dev.uniformpipeline.localcloud.RuntimeMode;
import dev.uniformpipeline.localcloud.ServiceContext;
import dev.uniformpipeline.localcloud.ecs.runtime.AutoRuntime;
import dev.uniformpipeline.localcloud.ecs.runtime.LoopbackAddressPool;
import dev.uniformpipeline.localcloud.ecs.runtime.SimulatedRuntime;
import dev.uniformpipeline.localcloud.ecs.runtime.TaskRuntime;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.EventPublisher;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.LogSink;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import dev.uniformpipeline.localcloud.spi.TargetRegistry;
import dev.uniformpipeline.localcloud.spi.TaskLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local Amazon ECS: the control plane API (awsJson1.1, target prefix {@code AmazonEC2ContainerServiceV20141113})
 * plus a scheduler driven by the {@link CloudClock} that moves tasks through their lifecycle, runs them with a
 * {@link TaskRuntime}, registers them with load balancers and rolls services out with AWS's arithmetic and
 * circuit breaker. See {@code package-info.java} for what is modelled.
 */
public final class EcsService implements JsonProtocolService, StatefulService, TaskLauncher, AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(EcsService.class);
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Set<String> BUILTIN_PROVIDERS = Set.of("FARGATE", "FARGATE_SPOT");
    private static final ObjectMapper STATE_MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    final CloudClock clock;
    final TargetRegistry targets;
    final LogSink logs;
    final ImageResolver images;
    final EventPublisher events;
    final TaskRuntime runtime;
    final LoopbackAddressPool addresses;
    final EcsTimings timings;
    final Object lock = new Object();

    final Map<String, Cluster> clusters = new LinkedHashMap<>();
    final Map<String, CapacityProvider> capacityProviders = new LinkedHashMap<>();
    final Map<String, ContainerInstance> containerInstances = new LinkedHashMap<>();
    final Map<String, TaskDef> taskDefs = new LinkedHashMap<>();
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final Map<String, Service> services = new LinkedHashMap<>();
    /** ec2InstanceId and container instance ARN → loopback address, readable without the lock. */
    final Map<String, String> instanceAddresses = new java.util.concurrent.ConcurrentHashMap<>();

    private final EcsScheduler scheduler;
    private final Thread loop;
    private volatile boolean running = true;

    /**
     * Wired into local-cloud: neighbours are looked up per call (ELBv2, CloudWatch Logs, ECR, EventBridge), the
     * runtime follows the cloud's {@link RuntimeMode} (PODMAN falls back to simulated where podman is unusable).
     */
    public EcsService(ServiceContext context) {
        this(context.clock(), context.lookup(TargetRegistry.class), context.lookup(LogSink.class),
                context.lookup(ImageResolver.class), context.lookup(EventPublisher.class),
                context.runtimeMode() == RuntimeMode.PODMAN ? AutoRuntime.detect(context.clock())
                        : new SimulatedRuntime(context.clock()));
        LOG.info("local-cloud ECS task runtime: {}", context.runtimeMode() == RuntimeMode.PODMAN
                ? "podman when available, simulated otherwise" : "simulated");
    }

    public EcsService(CloudClock clock, TargetRegistry targets, LogSink logs, ImageResolver images,
            EventPublisher events, TaskRuntime runtime) {
        this(clock, targets, logs, images, events, runtime, LoopbackAddressPool.shared(), EcsTimings.defaults());
    }

    public EcsService(CloudClock clock, TargetRegistry targets, LogSink logs, ImageResolver images,
            EventPublisher events, TaskRuntime runtime, LoopbackAddressPool addresses, EcsTimings timings) {
        this.clock = clock;
        this.targets = targets;
        this.logs = logs;
        this.images = images;
        this.events = events;
        this.runtime = runtime;
        this.addresses = addresses;
        this.timings = timings;
        this.scheduler = new EcsScheduler(this);
        this.loop = new Thread(this::runLoop, "ecs-scheduler");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    private void runLoop() {
        while (running) {
            try {
                scheduler.tick();
            } catch (RuntimeException e) {
                LOG.warn("ECS scheduler pass failed", e);
            }
            try {
                long wallMs = clock.toWall(timings.schedulerTick()).toMillis();
                Thread.sleep(Math.max(5, Math.min(250, wallMs)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the scheduler and every running container (tasks stay in the state). */
    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            for (Task t : tasks.values()) {
                for (Container c : t.containers) {
                    if (c.handle != null) {
                        c.handle.stop(Duration.ZERO);
                        c.handle = null;
                    }
                }
                if (!t.isStopped() && "awsvpc".equals(t.networkMode)) {
                    addresses.release(t.ip);
                }
            }
        }
        runtime.close();
    }

    @Override
    public String signingName() {
        return "ecs";
    }

    @Override
    public String targetPrefix() {
        return "AmazonEC2ContainerServiceV20141113";
    }

    @Override
    public String stateName() {
        return "ecs";
    }

    @Override
    public JsonNode runTask(RequestContext ctx, JsonNode runTaskRequest) throws AwsException {
        return call("RunTask", runTaskRequest, ctx);
    }

    @Override
    public JsonNode call(String operation, JsonNode input, RequestContext ctx) throws AwsException {
        JsonNode in = input == null || input.isNull() ? F.objectNode() : input;
        List<Runnable> outbox;
        JsonNode result;
        synchronized (lock) {
            result = dispatch(operation, in, ctx);
            outbox = scheduler.drainOutbox();
        }
        for (Runnable r : outbox) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.debug("ECS event not delivered: {}", e.toString());
            }
        }
        return result;
    }

    private JsonNode dispatch(String op, JsonNode in, RequestContext ctx) throws AwsException {
        return switch (op) {
            case "CreateCluster" -> createCluster(in, ctx);
            case "DescribeClusters" -> describeClusters(in, ctx);
            case "ListClusters" -> listClusters(in, ctx);
            case "DeleteCluster" -> deleteCluster(in, ctx);
            case "PutClusterCapacityProviders" -> putClusterCapacityProviders(in, ctx);
            case "CreateCapacityProvider" -> createCapacityProvider(in, ctx);
            case "DescribeCapacityProviders" -> describeCapacityProviders(in, ctx);
            case "DeleteCapacityProvider" -> deleteCapacityProvider(in, ctx);
            case "RegisterContainerInstance" -> registerContainerInstanceOp(in, ctx);
            case "DeregisterContainerInstance" -> deregisterContainerInstance(in, ctx);
            case "DescribeContainerInstances" -> describeContainerInstances(in, ctx);
            case "ListContainerInstances" -> listContainerInstances(in, ctx);
            case "RegisterTaskDefinition" -> registerTaskDefinition(in, ctx);
            case "DescribeTaskDefinition" -> describeTaskDefinition(in, ctx);
            case "ListTaskDefinitions" -> listTaskDefinitions(in, ctx);
            case "ListTaskDefinitionFamilies" -> listTaskDefinitionFamilies(in, ctx);
            case "DeregisterTaskDefinition" -> deregisterTaskDefinition(in, ctx);
            case "CreateService" -> createService(in, ctx);
            case "UpdateService" -> updateService(in, ctx);
            case "DescribeServices" -> describeServices(in, ctx);
            case "ListServices" -> listServices(in, ctx);
            case "DeleteService" -> deleteService(in, ctx);
            case "RunTask" -> runTaskOp(in, ctx);
            case "StartTask" -> startTask(in, ctx);
            case "StopTask" -> stopTask(in, ctx);
            case "DescribeTasks" -> describeTasks(in, ctx);
            case "ListTasks" -> listTasks(in, ctx);
            case "TagResource" -> tagResource(in, ctx);
            case "UntagResource" -> untagResource(in, ctx);
            case "ListTagsForResource" -> listTagsForResource(in, ctx);
            default -> throw new AwsException("UnknownOperationException",
                    "Operation " + op + " is not supported by local-cloud ECS.", 400, true);
        };
    }

    // ------------------------------------------------------------------ clusters

    long nowMs() {
        return clock.now().toEpochMilli();
    }

    static double epoch(long ms) {
        return ms / 1000.0;
    }

    String clusterArn(RequestContext ctx, String nameOrArn) {
        String n = nameOrArn == null || nameOrArn.isEmpty() ? "default" : nameOrArn;
        return n.startsWith("arn:") ? n : Ids.arn(ctx.region(), ctx.accountId(), "cluster/" + n);
    }

    Cluster cluster(RequestContext ctx, JsonNode in) throws AwsException {
        Cluster c = clusters.get(clusterArn(ctx, text(in, "cluster")));
        if (c == null) {
            throw AwsException.client("ClusterNotFoundException", "Cluster not found.");
        }
        if (!"ACTIVE".equals(c.status)) {
            throw AwsException.client("ClusterNotFoundException", "The referenced cluster was inactive.");
        }
        return c;
    }

    private JsonNode createCluster(JsonNode in, RequestContext ctx) throws AwsException {
        String name = text(in, "clusterName");
        if (name == null) {
            name = "default";
        }
        if (!name.matches("[A-Za-z0-9_-]{1,255}")) {
            throw invalid("clusterName '" + name + "' is invalid: up to 255 letters, numbers, hyphens and underscores.");
        }
        String arn = clusterArn(ctx, name);
        Cluster c = clusters.get(arn);
        if (c == null || !"ACTIVE".equals(c.status)) {
            c = new Cluster();
            c.arn = arn;
            c.name = name;
            c.account = ctx.accountId();
            c.region = ctx.region();
            c.createdAt = nowMs();
            c.tags = in.has("tags") ? (ArrayNode) in.get("tags") : F.arrayNode();
            c.settings = in.has("settings") ? (ArrayNode) in.get("settings") : F.arrayNode();
            if (in.has("capacityProviders") || in.has("defaultCapacityProviderStrategy")) {
                setClusterProviders(c, in, ctx);
            }
            clusters.put(arn, c);
        }
        return F.objectNode().set("cluster", EcsRender.cluster(this, c));
    }

    private JsonNode describeClusters(JsonNode in, RequestContext ctx) {
        List<String> names = strings(in.get("clusters"));
        if (names.isEmpty()) {
            names = List.of("default");
        }
        return describeEach("clusters", names, n -> clusters.get(clusterArn(ctx, n)),
                c -> EcsRender.cluster(this, c), n -> clusterArn(ctx, n));
    }

    private JsonNode listClusters(JsonNode in, RequestContext ctx) throws AwsException {
        List<String> arns = clusters.values().stream()
                .filter(c -> c.account.equals(ctx.accountId()) && c.region.equals(ctx.region())
                        && "ACTIVE".equals(c.status))
                .map(c -> c.arn).toList();
        return page(in, arns, "clusterArns");
    }

    private JsonNode deleteCluster(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        if (services.values().stream().anyMatch(s -> s.clusterArn.equals(c.arn) && !"INACTIVE".equals(s.status))) {
            throw AwsException.client("ClusterContainsServicesException",
                    "The Cluster cannot be deleted while Services are active.");
        }
        if (tasks.values().stream().anyMatch(t -> t.clusterArn.equals(c.arn) && !t.isStopped())) {
            throw AwsException.client("ClusterContainsTasksException",
                    "The Cluster cannot be deleted while Tasks are active.");
        }
        if (containerInstances.values().stream().anyMatch(i -> i.clusterArn.equals(c.arn)
                && "ACTIVE".equals(i.status))) {
            throw AwsException.client("ClusterContainsContainerInstancesException",
                    "The Cluster cannot be deleted while Container Instances are active or draining.");
        }
        c.status = "INACTIVE";
        return F.objectNode().set("cluster", EcsRender.cluster(this, c));
    }

    // ------------------------------------------------------------------ capacity providers

    String providerArn(RequestContext ctx, String name) {
        return name.startsWith("arn:") ? name : Ids.arn(ctx.region(), ctx.accountId(), "capacity-provider/" + name);
    }

    /** The provider's name if it exists (built-in FARGATE/FARGATE_SPOT or created), else empty. */
    Optional<String> providerName(RequestContext ctx, String nameOrArn) {
        if (BUILTIN_PROVIDERS.contains(nameOrArn)) {
            return Optional.of(nameOrArn);
        }
        CapacityProvider p = capacityProviders.get(providerArn(ctx, nameOrArn));
        return p == null || !"ACTIVE".equals(p.status) ? Optional.empty() : Optional.of(p.name);
    }

    private JsonNode createCapacityProvider(JsonNode in, RequestContext ctx) throws AwsException {
        String name = text(in, "name");
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,255}")) {
            throw invalid("name: required; up to 255 letters, numbers, underscores and hyphens.");
        }
        String lower = name.toLowerCase();
        if (lower.startsWith("aws") || lower.startsWith("ecs") || lower.startsWith("fargate")) {
            throw client("The specified capacity provider name is invalid. Capacity provider names can't start with"
                    + " 'aws', 'ecs', or 'fargate'.");
        }
        JsonNode asg = in.get("autoScalingGroupProvider");
        if (asg == null || text(asg, "autoScalingGroupArn") == null) {
            throw invalid("autoScalingGroupProvider.autoScalingGroupArn is required.");
        }
        JsonNode ms = asg.get("managedScaling");
        if (ms != null) {
            rangeCheck(ms, "targetCapacity", 1, 100, "autoScalingGroupProvider.managedScaling");
            rangeCheck(ms, "minimumScalingStepSize", 1, 10000, "autoScalingGroupProvider.managedScaling");
            rangeCheck(ms, "maximumScalingStepSize", 1, 10000, "autoScalingGroupProvider.managedScaling");
            rangeCheck(ms, "instanceWarmupPeriod", 0, 10000, "autoScalingGroupProvider.managedScaling");
        }
        String arn = providerArn(ctx, name);
        if (capacityProviders.containsKey(arn) && "ACTIVE".equals(capacityProviders.get(arn).status)) {
            throw client("The specified capacity provider already exists. To change the configuration of an"
                    + " existing capacity provider, update the capacity provider.");
        }
        CapacityProvider p = new CapacityProvider();
        p.arn = arn;
        p.name = name;
        ObjectNode a = ((ObjectNode) asg).deepCopy();
        ObjectNode msOut = a.has("managedScaling") ? (ObjectNode) a.get("managedScaling") : a.putObject("managedScaling");
        if (!msOut.has("status")) {
            msOut.put("status", "DISABLED");
        }
        if (!msOut.has("targetCapacity")) {
            msOut.put("targetCapacity", 100);
        }
        if (!msOut.has("minimumScalingStepSize")) {
            msOut.put("minimumScalingStepSize", 1);
        }
        if (!msOut.has("maximumScalingStepSize")) {
            msOut.put("maximumScalingStepSize", 10000);
        }
        if (!msOut.has("instanceWarmupPeriod")) {
            msOut.put("instanceWarmupPeriod", 300);
        }
        if (!a.has("managedTerminationProtection")) {
            a.put("managedTerminationProtection", "DISABLED");
        }
        p.autoScalingGroupProvider = a;
        p.tags = in.has("tags") ? (ArrayNode) in.get("tags") : F.arrayNode();
        capacityProviders.put(arn, p);
        return F.objectNode().set("capacityProvider", EcsRender.capacityProvider(p));
    }

    private JsonNode describeCapacityProviders(JsonNode in, RequestContext ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("capacityProviders");
        ArrayNode failures = out.putArray("failures");
        List<String> names = strings(in.get("capacityProviders"));
        if (names.isEmpty()) {
            for (String b : List.of("FARGATE", "FARGATE_SPOT")) {
                list.add(EcsRender.builtinProvider(ctx, b));
            }
            capacityProviders.values().stream()
                    .filter(p -> p.arn.startsWith(Ids.arn(ctx.region(), ctx.accountId(), "")))
                    .forEach(p -> list.add(EcsRender.capacityProvider(p)));
            return out;
        }
        for (String n : names) {
            if (BUILTIN_PROVIDERS.contains(n)) {
                list.add(EcsRender.builtinProvider(ctx, n));
                continue;
            }
            CapacityProvider p = capacityProviders.get(providerArn(ctx, n));
            if (p == null) {
                failures.add(failure(providerArn(ctx, n), "MISSING"));
            } else {
                list.add(EcsRender.capacityProvider(p));
            }
        }
        return out;
    }

    private JsonNode deleteCapacityProvider(JsonNode in, RequestContext ctx) throws AwsException {
        String n = text(in, "capacityProvider");
        CapacityProvider p = n == null ? null : capacityProviders.get(providerArn(ctx, n));
        if (p == null) {
            throw client("The specified capacity provider does not exist. Specify a valid name or ARN and try again.");
        }
        for (Cluster c : clusters.values()) {
            if (c.capacityProviders.contains(p.name) && "ACTIVE".equals(c.status)) {
                throw AwsException.client("ResourceInUseException", "The specified capacity provider is in use by"
                        + " cluster " + c.name + ". Remove it with PutClusterCapacityProviders first.");
            }
        }
        p.status = "INACTIVE";
        return F.objectNode().set("capacityProvider", EcsRender.capacityProvider(p));
    }

    private JsonNode putClusterCapacityProviders(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        if (!in.has("capacityProviders") || !in.has("defaultCapacityProviderStrategy")) {
            throw invalid("capacityProviders and defaultCapacityProviderStrategy are both required (either may be"
                    + " an empty list).");
        }
        setClusterProviders(c, in, ctx);
        return F.objectNode().set("cluster", EcsRender.cluster(this, c));
    }

    private void setClusterProviders(Cluster c, JsonNode in, RequestContext ctx) throws AwsException {
        List<String> names = new ArrayList<>();
        for (String n : strings(in.get("capacityProviders"))) {
            names.add(providerName(ctx, n).orElseThrow(() -> invalid("The specified capacity provider '" + n
                    + "' does not exist. Create it with CreateCapacityProvider or use FARGATE / FARGATE_SPOT.")));
        }
        ArrayNode strategy = in.has("defaultCapacityProviderStrategy")
                ? (ArrayNode) in.get("defaultCapacityProviderStrategy") : F.arrayNode();
        validateStrategy(strategy, ctx);
        for (JsonNode item : strategy) {
            String n = providerName(ctx, item.get("capacityProvider").asText()).orElseThrow();
            if (!names.contains(n)) {
                throw invalid("The default capacity provider strategy names '" + n + "', which is not associated"
                        + " with the cluster. Add it to capacityProviders.");
            }
        }
        c.capacityProviders = names;
        c.defaultStrategy = strategy;
    }

    void validateStrategy(JsonNode strategy, RequestContext ctx) throws AwsException {
        if (strategy == null || strategy.isNull()) {
            return;
        }
        if (strategy.size() > 6) {
            throw invalid("capacityProviderStrategy can have at most 6 items (has " + strategy.size() + ").");
        }
        int bases = 0;
        int weightSum = 0;
        for (JsonNode item : strategy) {
            String n = text(item, "capacityProvider");
            if (n == null) {
                throw invalid("capacityProviderStrategy[].capacityProvider is required.");
            }
            if (providerName(ctx, n).isEmpty()) {
                throw invalid("The specified capacity provider '" + n + "' does not exist.");
            }
            int base = item.path("base").asInt(0);
            int weight = item.path("weight").asInt(0);
            if (base < 0 || base > 100000) {
                throw invalid("capacityProviderStrategy base must be 0-100000 (was " + base + ").");
            }
            if (weight < 0 || weight > 1000) {
                throw invalid("capacityProviderStrategy weight must be 0-1000 (was " + weight + ").");
            }
            if (base > 0) {
                bases++;
            }
            weightSum += weight;
        }
        if (bases > 1) {
            throw invalid("Only one capacity provider in a strategy can have a base defined.");
        }
        if (strategy.size() > 0 && weightSum == 0) {
            throw invalid("At least one capacity provider in the strategy must have a weight greater than 0.");
        }
    }

    // ------------------------------------------------------------------ container instances

    /**
     * Seeds an EC2 container instance (what an ASG instance running the ECS agent would register). The
     * instance gets its own loopback address, which bridge/host tasks on it bind.
     *
     * @return the container instance ARN
     */
    public String registerContainerInstance(RequestContext ctx, String cluster, String capacityProviderName,
            int cpu, int memory) throws AwsException {
        synchronized (lock) {
            Cluster c = cluster(ctx, F.objectNode().put("cluster", cluster));
            if (capacityProviderName != null && providerName(ctx, capacityProviderName).isEmpty()) {
                throw invalid("Capacity provider '" + capacityProviderName + "' does not exist.");
            }
            ContainerInstance ci = new ContainerInstance();
            ci.id = Ids.hex(32);
            ci.arn = Ids.arn(ctx.region(), ctx.accountId(), "container-instance/" + c.name + "/" + ci.id);
            ci.clusterArn = c.arn;
            ci.ec2InstanceId = "i-" + Ids.hex(17);
            ci.capacityProviderName = capacityProviderName;
            ci.cpu = cpu;
            ci.memory = memory;
            ci.ip = addresses.allocate();
            ci.registeredAt = nowMs();
            ci.attributes = F.arrayNode();
            containerInstances.put(ci.arn, ci);
            instanceAddresses.put(ci.arn, ci.ip);
            instanceAddresses.put(ci.ec2InstanceId, ci.ip);
            return ci.arn;
        }
    }

    /** The loopback address of a container instance (where its bridge/host tasks listen), by id or ARN. */
    public Optional<String> containerInstanceAddress(String ec2InstanceIdOrArn) {
        // lock-free: ELBv2 may ask from its own health-check thread while ECS holds its lock and reads target health
        return Optional.ofNullable(instanceAddresses.get(ec2InstanceIdOrArn));
    }

    private JsonNode registerContainerInstanceOp(JsonNode in, RequestContext ctx) throws AwsException {
        int cpu = 2048;
        int memory = 3904;
        JsonNode res = in.get("totalResources");
        if (res != null) {
            for (JsonNode r : res) {
                if ("CPU".equals(text(r, "name"))) {
                    cpu = r.path("integerValue").asInt(cpu);
                } else if ("MEMORY".equals(text(r, "name"))) {
                    memory = r.path("integerValue").asInt(memory);
                }
            }
        }
        String provider = null;
        JsonNode attrs = in.get("attributes");
        if (attrs != null) {
            for (JsonNode a : attrs) {
                if ("uniform.capacityProvider".equals(text(a, "name"))) {
                    provider = text(a, "value");
                }
            }
        }
        String arn = registerContainerInstance(ctx, text(in, "cluster"), provider, cpu, memory);
        ContainerInstance ci = containerInstances.get(arn);
        if (attrs != null) {
            ci.attributes = (ArrayNode) attrs;
        }
        return F.objectNode().set("containerInstance", EcsRender.containerInstance(this, ci));
    }

    private ContainerInstance findInstance(Cluster c, String idOrArn) {
        return containerInstances.values().stream()
                .filter(ci -> ci.clusterArn.equals(c.arn) && (ci.arn.equals(idOrArn) || ci.id.equals(idOrArn)))
                .findFirst().orElse(null);
    }

    private JsonNode deregisterContainerInstance(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        ContainerInstance ci = findInstance(c, text(in, "containerInstance"));
        if (ci == null) {
            throw invalid("The referenced container instance " + text(in, "containerInstance") + " is not valid.");
        }
        boolean force = in.path("force").asBoolean(false);
        boolean busy = tasks.values().stream().anyMatch(t -> ci.arn.equals(t.containerInstanceArn) && !t.isStopped());
        if (busy && !force) {
            throw invalid("Found running tasks on the instance. Stop them or deregister with force.");
        }
        ci.status = "INACTIVE";
        instanceAddresses.remove(ci.arn);
        instanceAddresses.remove(ci.ec2InstanceId);
        addresses.release(ci.ip);
        return F.objectNode().set("containerInstance", EcsRender.containerInstance(this, ci));
    }

    private JsonNode describeContainerInstances(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        return describeEach("containerInstances", strings(in.get("containerInstances")), id -> findInstance(c, id),
                ci -> EcsRender.containerInstance(this, ci), id -> id);
    }

    private JsonNode listContainerInstances(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        String status = text(in, "status");
        List<String> arns = containerInstances.values().stream()
                .filter(ci -> ci.clusterArn.equals(c.arn))
                .filter(ci -> status == null ? !"INACTIVE".equals(ci.status) : status.equals(ci.status))
                .map(ci -> ci.arn).toList();
        return page(in, arns, "containerInstanceArns");
    }

    // ------------------------------------------------------------------ task definitions

    private JsonNode registerTaskDefinition(JsonNode in, RequestContext ctx) throws AwsException {
        ObjectNode body = TaskDefinitionValidator.validate(in);
        String family = body.get("family").asText();
        String prefix = Ids.arn(ctx.region(), ctx.accountId(), "task-definition/" + family + ":");
        int revision = 1 + taskDefs.values().stream().filter(t -> t.arn.startsWith(prefix))
                .mapToInt(t -> t.revision).max().orElse(0);
        TaskDef td = new TaskDef();
        td.arn = prefix + revision;
        td.family = family;
        td.revision = revision;
        ObjectNode json = F.objectNode();
        json.put("taskDefinitionArn", td.arn);
        json.setAll(body);
        json.put("revision", revision);
        json.put("status", "ACTIVE");
        json.set("requiresAttributes", F.arrayNode());
        json.put("registeredAt", epoch(nowMs()));
        json.put("registeredBy", "arn:aws:iam::" + ctx.accountId() + ":root");
        td.json = json;
        td.tags = in.has("tags") ? (ArrayNode) in.get("tags") : F.arrayNode();
        taskDefs.put(td.arn, td);
        ObjectNode out = F.objectNode();
        out.set("taskDefinition", json);
        out.set("tags", td.tags);
        return out;
    }

    /** Resolves {@code family}, {@code family:revision} or an ARN; {@code family} alone means the latest ACTIVE. */
    TaskDef resolveTaskDef(RequestContext ctx, String ref) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("arn:")) {
            return taskDefs.get(ref);
        }
        if (ref.contains(":")) {
            return taskDefs.get(Ids.arn(ctx.region(), ctx.accountId(), "task-definition/" + ref));
        }
        String prefix = Ids.arn(ctx.region(), ctx.accountId(), "task-definition/" + ref + ":");
        return taskDefs.values().stream().filter(t -> t.arn.startsWith(prefix) && "ACTIVE".equals(t.status))
                .max(Comparator.comparingInt(t -> t.revision)).orElse(null);
    }

    TaskDef activeTaskDef(RequestContext ctx, String ref) throws AwsException {
        if (ref == null) {
            throw invalid("taskDefinition is required (family, family:revision or ARN).");
        }
        TaskDef td = resolveTaskDef(ctx, ref);
        if (td == null) {
            throw client("TaskDefinition not found: '" + ref + "'. Register it first or check the family and"
                    + " revision.");
        }
        if (!"ACTIVE".equals(td.status)) {
            throw client("TaskDefinition is inactive: " + td.arn + ". Use an ACTIVE revision.");
        }
        return td;
    }

    private JsonNode describeTaskDefinition(JsonNode in, RequestContext ctx) throws AwsException {
        TaskDef td = resolveTaskDef(ctx, text(in, "taskDefinition"));
        if (td == null) {
            throw client("Unable to describe task definition.");
        }
        ObjectNode out = F.objectNode();
        out.set("taskDefinition", td.json);
        if (strings(in.get("include")).contains("TAGS")) {
            out.set("tags", td.tags);
        }
        return out;
    }

    private JsonNode listTaskDefinitions(JsonNode in, RequestContext ctx) throws AwsException {
        String familyPrefix = text(in, "familyPrefix");
        String status = Optional.ofNullable(text(in, "status")).orElse("ACTIVE");
        boolean desc = "DESC".equals(text(in, "sort"));
        String base = Ids.arn(ctx.region(), ctx.accountId(), "task-definition/");
        List<TaskDef> list = taskDefs.values().stream()
                .filter(t -> t.arn.startsWith(base) && status.equals(t.status))
                .filter(t -> familyPrefix == null || t.family.startsWith(familyPrefix))
                .sorted(Comparator.comparing((TaskDef t) -> t.family).thenComparingInt(t -> t.revision))
                .toList();
        List<String> arns = new ArrayList<>(list.stream().map(t -> t.arn).toList());
        if (desc) {
            java.util.Collections.reverse(arns);
        }
        return page(in, arns, "taskDefinitionArns");
    }

    private JsonNode listTaskDefinitionFamilies(JsonNode in, RequestContext ctx) throws AwsException {
        String familyPrefix = text(in, "familyPrefix");
        String status = Optional.ofNullable(text(in, "status")).orElse("ACTIVE");
        String base = Ids.arn(ctx.region(), ctx.accountId(), "task-definition/");
        List<String> fams = taskDefs.values().stream()
                .filter(t -> t.arn.startsWith(base) && ("ALL".equals(status) || status.equals(t.status)))
                .map(t -> t.family).filter(f -> familyPrefix == null || f.startsWith(familyPrefix))
                .distinct().sorted().toList();
        return page(in, fams, "families");
    }

    private JsonNode deregisterTaskDefinition(JsonNode in, RequestContext ctx) throws AwsException {
        String ref = text(in, "taskDefinition");
        if (ref == null || (!ref.startsWith("arn:") && !ref.contains(":"))) {
            throw invalid("taskDefinition must be family:revision or a full ARN (was '" + ref + "').");
        }
        TaskDef td = resolveTaskDef(ctx, ref);
        if (td == null) {
            throw client("The specified task definition does not exist.");
        }
        td.status = "INACTIVE";
        td.json.put("status", "INACTIVE");
        td.json.put("deregisteredAt", epoch(nowMs()));
        return F.objectNode().set("taskDefinition", td.json);
    }

    // ------------------------------------------------------------------ services

    String serviceArn(Cluster c, String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        return Ids.arn(c.region, c.account, "service/" + c.name + "/" + nameOrArn);
    }

    /** Which launch configuration a service or RunTask uses: explicit launch type, explicit strategy, cluster default. */
    record Launch(String launchType, ArrayNode strategy) {
    }

    Launch launchFor(Cluster c, JsonNode in, RequestContext ctx) throws AwsException {
        String lt = text(in, "launchType");
        JsonNode strategy = in.get("capacityProviderStrategy");
        boolean hasStrategy = strategy != null && strategy.isArray() && strategy.size() > 0;
        if (lt != null && hasStrategy) {
            throw invalid("Specifying both a launch type and capacity provider strategy is not supported. Remove one"
                    + " and try again.");
        }
        if (lt != null) {
            if (!Set.of("EC2", "FARGATE", "EXTERNAL").contains(lt)) {
                throw invalid("launchType '" + lt + "' is not one of EC2, FARGATE, EXTERNAL.");
            }
            return new Launch(lt, null);
        }
        if (hasStrategy) {
            validateStrategy(strategy, ctx);
            for (JsonNode item : strategy) {
                String n = providerName(ctx, item.get("capacityProvider").asText()).orElseThrow();
                if (!c.capacityProviders.contains(n)) {
                    throw invalid("The specified capacity provider strategy cannot contain a capacity provider that is"
                            + " not associated with the cluster. Associate '" + n + "' with PutClusterCapacityProviders"
                            + " first.");
                }
            }
            return new Launch(null, (ArrayNode) strategy);
        }
        if (c.defaultStrategy != null && c.defaultStrategy.size() > 0) {
            return new Launch(null, c.defaultStrategy.deepCopy());
        }
        return new Launch("EC2", null);
    }

    /** Checks that a task definition can run with this launch and network configuration. */
    void checkCompatibility(TaskDef td, Launch launch, JsonNode networkConfiguration) throws AwsException {
        boolean fargate = "FARGATE".equals(launch.launchType()) || (launch.strategy() != null
                && java.util.stream.StreamSupport.stream(launch.strategy().spliterator(), false)
                .anyMatch(i -> i.path("capacityProvider").asText().startsWith("FARGATE")));
        if (fargate && !strings(td.json.get("compatibilities")).contains("FARGATE")) {
            throw invalid("Task definition does not support launch_type FARGATE. Register a revision with"
                    + " requiresCompatibilities [\"FARGATE\"], networkMode awsvpc and a valid Fargate cpu/memory pair.");
        }
        String mode = td.json.path("networkMode").asText("bridge");
        boolean hasNet = networkConfiguration != null && !networkConfiguration.isNull()
                && networkConfiguration.has("awsvpcConfiguration");
        if ("awsvpc".equals(mode)) {
            if (!hasNet) {
                throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
            }
            JsonNode vpc = networkConfiguration.get("awsvpcConfiguration");
            List<String> subnets = strings(vpc.get("subnets"));
            if (subnets.isEmpty() || subnets.size() > 16) {
                throw invalid("networkConfiguration.awsvpcConfiguration.subnets must list 1 to 16 subnets.");
            }
            if (strings(vpc.get("securityGroups")).size() > 5) {
                throw invalid("networkConfiguration.awsvpcConfiguration.securityGroups can list at most 5 groups.");
            }
            String pub = text(vpc, "assignPublicIp");
            if (pub != null && !pub.equals("ENABLED") && !pub.equals("DISABLED")) {
                throw invalid("assignPublicIp must be ENABLED or DISABLED (was " + pub + ").");
            }
        } else if (hasNet) {
            throw invalid("Network Configuration is not valid for the given networkMode of this task definition.");
        }
    }

    private JsonNode createService(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        String name = text(in, "serviceName");
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,255}")) {
            throw invalid("serviceName: required; up to 255 letters, numbers, hyphens and underscores.");
        }
        String arn = serviceArn(c, name);
        Service existing = services.get(arn);
        if (existing != null && !"INACTIVE".equals(existing.status)) {
            throw invalid("Creation of service was not idempotent.");
        }
        String strategy = Optional.ofNullable(text(in, "schedulingStrategy")).orElse("REPLICA");
        if (!"REPLICA".equals(strategy)) {
            throw AwsException.client("UnsupportedFeatureException",
                    "local-cloud ECS supports only schedulingStrategy REPLICA.");
        }
        JsonNode controller = in.get("deploymentController");
        if (controller != null && !"ECS".equals(text(controller, "type"))) {
            throw AwsException.client("UnsupportedFeatureException",
                    "local-cloud ECS supports only the rolling-update deployment controller (type ECS).");
        }
        if (!in.hasNonNull("desiredCount")) {
            throw invalid("desiredCount is required for schedulingStrategy REPLICA.");
        }
        int desired = in.get("desiredCount").asInt();
        if (desired < 0) {
            throw invalid("desiredCount must be 0 or more (was " + desired + ").");
        }
        Launch launch = launchFor(c, in, ctx);
        TaskDef td = activeTaskDef(ctx, text(in, "taskDefinition"));
        JsonNode net = in.get("networkConfiguration");
        checkCompatibility(td, launch, net);
        ArrayNode lbs = in.has("loadBalancers") ? (ArrayNode) in.get("loadBalancers") : F.arrayNode();
        checkLoadBalancers(lbs, td);
        Integer grace = in.hasNonNull("healthCheckGracePeriodSeconds")
                ? in.get("healthCheckGracePeriodSeconds").asInt() : null;
        if (grace != null && lbs.isEmpty()) {
            throw invalid("Health check grace period is only valid for services configured to use load balancers");
        }
        if (grace != null && grace < 0) {
            throw invalid("healthCheckGracePeriodSeconds must be 0 or more.");
        }
        Service s = new Service();
        s.arn = arn;
        s.name = name;
        s.clusterArn = c.arn;
        s.account = c.account;
        s.region = c.region;
        s.desiredCount = desired;
        s.launchType = launch.launchType();
        s.capacityProviderStrategy = launch.strategy();
        s.platformVersion = text(in, "platformVersion");
        if (s.platformVersion == null && isFargate(launch)) {
            s.platformVersion = "LATEST";
        }
        s.taskDefinitionArn = td.arn;
        applyDeploymentConfiguration(s, in.get("deploymentConfiguration"));
        s.loadBalancers = lbs;
        s.networkConfiguration = net == null || net.isNull() ? null : (ObjectNode) net;
        s.healthCheckGracePeriodSeconds = grace;
        s.propagateTags = Optional.ofNullable(text(in, "propagateTags")).orElse("NONE");
        s.enableECSManagedTags = in.path("enableECSManagedTags").asBoolean(false);
        s.tags = in.has("tags") ? (ArrayNode) in.get("tags") : F.arrayNode();
        s.roleArn = text(in, "role");
        s.createdAt = nowMs();
        services.put(arn, s);
        scheduler.newDeployment(s, null);
        return F.objectNode().set("service", EcsRender.service(this, s, false));
    }

    static boolean isFargate(Launch l) {
        return "FARGATE".equals(l.launchType()) || (l.strategy() != null && l.strategy().size() > 0
                && l.strategy().get(0).path("capacityProvider").asText().startsWith("FARGATE"));
    }

    private void applyDeploymentConfiguration(Service s, JsonNode dc) throws AwsException {
        if (dc == null || dc.isNull()) {
            return;
        }
        int min = dc.hasNonNull("minimumHealthyPercent") ? dc.get("minimumHealthyPercent").asInt() : s.minimumHealthyPercent;
        int max = dc.hasNonNull("maximumPercent") ? dc.get("maximumPercent").asInt() : s.maximumPercent;
        if (min < 0 || min > 100) {
            throw invalid("deploymentConfiguration.minimumHealthyPercent must be 0-100 (was " + min + ").");
        }
        if (max < 100) {
            throw invalid("deploymentConfiguration.maximumPercent must be at least 100 for REPLICA services (was "
                    + max + ").");
        }
        s.minimumHealthyPercent = min;
        s.maximumPercent = max;
        JsonNode cb = dc.get("deploymentCircuitBreaker");
        if (cb != null && !cb.isNull()) {
            if (!cb.has("enable") || !cb.has("rollback")) {
                throw invalid("deploymentCircuitBreaker needs both 'enable' and 'rollback'.");
            }
            s.breakerEnable = cb.get("enable").asBoolean();
            s.breakerRollback = cb.get("rollback").asBoolean();
        }
    }

    private void checkLoadBalancers(ArrayNode lbs, TaskDef td) throws AwsException {
        String mode = td.json.path("networkMode").asText("bridge");
        for (JsonNode lb : lbs) {
            String tg = text(lb, "targetGroupArn");
            if (tg == null) {
                if (text(lb, "loadBalancerName") != null) {
                    throw AwsException.client("UnsupportedFeatureException",
                            "Classic Load Balancers are not supported by local-cloud; use a target group.");
                }
                throw invalid("loadBalancers[].targetGroupArn is required.");
            }
            String container = text(lb, "containerName");
            if (container == null || !lb.hasNonNull("containerPort")) {
                throw invalid("loadBalancers[] needs containerName and containerPort.");
            }
            int port = lb.get("containerPort").asInt();
            TargetRegistry.TargetGroupInfo info = targets.targetGroup(tg).orElseThrow(() -> invalid(
                    "Unable to find target group " + tg + ". Create it in Elastic Load Balancing first."));
            if (!info.attachedToLoadBalancer()) {
                throw invalid("The target group with targetGroupArn " + tg + " does not have an associated load"
                        + " balancer.");
            }
            if ("awsvpc".equals(mode) && !"ip".equals(info.targetType())) {
                throw invalid("The provided target group " + tg + " has target type " + info.targetType()
                        + ", which is incompatible with the awsvpc network mode specified in the task definition.");
            }
            if (!"awsvpc".equals(mode) && "ip".equals(info.targetType())) {
                throw invalid("The provided target group " + tg + " has target type ip, which requires the awsvpc"
                        + " network mode; this task definition uses " + mode + ".");
            }
            JsonNode cd = containerDef(td, container);
            if (cd == null) {
                throw invalid("The container " + container + " does not exist in the task definition.");
            }
            boolean found = false;
            for (JsonNode pm : cd.path("portMappings")) {
                found |= pm.path("containerPort").asInt() == port;
            }
            if (!found) {
                throw invalid("The container " + container + " did not have a container port " + port + " defined.");
            }
        }
    }

    static JsonNode containerDef(TaskDef td, String name) {
        for (JsonNode cd : td.json.path("containerDefinitions")) {
            if (name.equals(cd.path("name").asText())) {
                return cd;
            }
        }
        return null;
    }

    Service service(Cluster c, String nameOrArn) {
        return nameOrArn == null ? null : services.get(serviceArn(c, nameOrArn));
    }

    private JsonNode updateService(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        Service s = service(c, text(in, "service"));
        if (s == null) {
            throw AwsException.client("ServiceNotFoundException", "Service not found.");
        }
        if (!"ACTIVE".equals(s.status)) {
            throw AwsException.client("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        boolean newDeployment = in.path("forceNewDeployment").asBoolean(false);
        TaskDef td = null;
        if (text(in, "taskDefinition") != null) {
            td = activeTaskDef(ctx, text(in, "taskDefinition"));
            newDeployment |= !td.arn.equals(s.taskDefinitionArn);
        }
        Launch launch = new Launch(s.launchType, s.capacityProviderStrategy);
        JsonNode strategy = in.get("capacityProviderStrategy");
        if (strategy != null && strategy.isArray() && strategy.size() > 0) {
            launch = launchFor(c, F.objectNode().set("capacityProviderStrategy", strategy), ctx);
            newDeployment = true;
        }
        JsonNode net = in.has("networkConfiguration") ? in.get("networkConfiguration") : s.networkConfiguration;
        newDeployment |= in.has("networkConfiguration") && !in.get("networkConfiguration").equals(s.networkConfiguration);
        TaskDef effective = td != null ? td : taskDefs.get(s.taskDefinitionArn);
        checkCompatibility(effective, launch, net);
        ArrayNode lbs = s.loadBalancers;
        if (in.has("loadBalancers")) {
            lbs = (ArrayNode) in.get("loadBalancers");
            newDeployment = true;
        }
        checkLoadBalancers(lbs, effective);
        if (in.hasNonNull("healthCheckGracePeriodSeconds")) {
            if (lbs.isEmpty()) {
                throw invalid("Health check grace period is only valid for services configured to use load balancers");
            }
            s.healthCheckGracePeriodSeconds = in.get("healthCheckGracePeriodSeconds").asInt();
        }
        applyDeploymentConfiguration(s, in.get("deploymentConfiguration"));
        if (in.hasNonNull("desiredCount")) {
            int d = in.get("desiredCount").asInt();
            if (d < 0) {
                throw invalid("desiredCount must be 0 or more (was " + d + ").");
            }
            s.desiredCount = d;
            s.deployments.get(0).desiredCount = d;
            s.steady = false;
        }
        if (in.hasNonNull("platformVersion")) {
            newDeployment |= !in.get("platformVersion").asText().equals(s.platformVersion);
            s.platformVersion = in.get("platformVersion").asText();
        }
        s.launchType = launch.launchType();
        s.capacityProviderStrategy = launch.strategy();
        s.loadBalancers = lbs;
        s.networkConfiguration = net == null || net.isNull() ? null : (ObjectNode) net;
        if (td != null) {
            s.taskDefinitionArn = td.arn;
        }
        if (newDeployment) {
            scheduler.newDeployment(s, null);
        }
        return F.objectNode().set("service", EcsRender.service(this, s, false));
    }

    private JsonNode describeServices(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        List<String> names = strings(in.get("services"));
        if (names.isEmpty()) {
            throw invalid("services: at least one service name or ARN is required.");
        }
        if (names.size() > 10) {
            throw invalid("services can have at most 10 items (got " + names.size() + "). Split the call.");
        }
        boolean tags = strings(in.get("include")).contains("TAGS");
        return describeEach("services", names, n -> service(c, n), s -> EcsRender.service(this, s, tags),
                n -> serviceArn(c, n));
    }

    private JsonNode listServices(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        String lt = text(in, "launchType");
        List<String> arns = services.values().stream()
                .filter(s -> s.clusterArn.equals(c.arn) && !"INACTIVE".equals(s.status))
                .filter(s -> lt == null || lt.equals(s.launchType))
                .map(s -> s.arn).toList();
        return page(in, arns, "serviceArns");
    }

    private JsonNode deleteService(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        Service s = service(c, text(in, "service"));
        if (s == null || "INACTIVE".equals(s.status)) {
            throw AwsException.client("ServiceNotFoundException", "Service not found.");
        }
        if (s.desiredCount > 0 && !in.path("force").asBoolean(false)) {
            throw invalid("The service cannot be stopped while it is scaled above 0.");
        }
        s.status = "DRAINING";
        s.desiredCount = 0;
        for (Deployment d : s.deployments) {
            d.desiredCount = 0;
        }
        return F.objectNode().set("service", EcsRender.service(this, s, false));
    }

    // ------------------------------------------------------------------ tasks

    private JsonNode runTaskOp(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        int count = in.path("count").asInt(1);
        if (count < 1 || count > 10) {
            throw invalid("count must be between 1 and 10 (was " + count + ").");
        }
        Launch launch = launchFor(c, in, ctx);
        TaskDef td = activeTaskDef(ctx, text(in, "taskDefinition"));
        checkCompatibility(td, launch, in.get("networkConfiguration"));
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        Map<String, Integer> perProvider = new HashMap<>();
        for (int i = 0; i < count; i++) {
            EcsScheduler.Placed placed = scheduler.place(standaloneTask(in, c, td, launch, perProvider, null));
            if (placed.failure() != null) {
                if (placed.noInstances()) {
                    throw invalid("No Container Instances were found in your cluster.");
                }
                failures.add(failure(placed.failureArn(), placed.failure()));
                continue;
            }
            list.add(EcsRender.task(this, placed.task()));
        }
        return out;
    }

    /** StartTask: one task on each named container instance (EC2 launch type, no scheduler placement). */
    private JsonNode startTask(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        List<String> instances = strings(in.get("containerInstances"));
        if (instances.isEmpty() || instances.size() > 10) {
            throw invalid("containerInstances must list 1 to 10 container instances (got " + instances.size() + ").");
        }
        TaskDef td = activeTaskDef(ctx, text(in, "taskDefinition"));
        Launch launch = new Launch("EC2", null);
        checkCompatibility(td, launch, in.get("networkConfiguration"));
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (String id : instances) {
            ContainerInstance ci = findInstance(c, id);
            if (ci == null || !"ACTIVE".equals(ci.status)) {
                failures.add(failure(id, "MISSING"));
                continue;
            }
            EcsScheduler.Placed placed = scheduler.place(standaloneTask(in, c, td, launch, new HashMap<>(), ci));
            if (placed.task() == null) {
                failures.add(failure(ci.arn, placed.failure()));
            } else {
                list.add(EcsRender.task(this, placed.task()));
            }
        }
        return out;
    }

    /**
     * One task of a RunTask or StartTask call (no service, no deployment): network configuration, overrides,
     * group (default {@code family:<family>}), startedBy and tags as the call gave them; {@code onInstance}
     * only for StartTask.
     */
    private static EcsScheduler.TaskRequest standaloneTask(JsonNode in, Cluster c, TaskDef td, Launch launch,
            Map<String, Integer> perProvider, ContainerInstance onInstance) {
        String group = Optional.ofNullable(text(in, "group")).orElse("family:" + td.family);
        return new EcsScheduler.TaskRequest(c, td, launch, in.get("networkConfiguration"), in.get("overrides"),
                group, text(in, "startedBy"), null, null, in.has("tags") ? (ArrayNode) in.get("tags") : null,
                perProvider, onInstance);
    }

    Task findTask(Cluster c, String idOrArn) {
        if (idOrArn == null) {
            return null;
        }
        Task t = tasks.get(idOrArn);
        if (t != null) {
            return t.clusterArn.equals(c.arn) ? t : null;
        }
        return tasks.get(Ids.arn(c.region, c.account, "task/" + c.name + "/" + idOrArn));
    }

    private JsonNode stopTask(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        Task t = findTask(c, text(in, "task"));
        if (t == null) {
            throw invalid("The referenced task was not found.");
        }
        String reason = Optional.ofNullable(text(in, "reason")).orElse("Task stopped by user");
        if (reason.length() > 255) {
            reason = reason.substring(0, 255);
        }
        scheduler.requestStop(t, "UserInitiated", reason);
        return F.objectNode().set("task", EcsRender.task(this, t));
    }

    private JsonNode describeTasks(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        List<String> ids = strings(in.get("tasks"));
        if (ids.isEmpty()) {
            throw invalid("tasks: at least one task id or ARN is required.");
        }
        if (ids.size() > 100) {
            throw invalid("tasks can have at most 100 items (got " + ids.size() + ").");
        }
        boolean tags = strings(in.get("include")).contains("TAGS");
        return describeEach("tasks", ids, id -> findTask(c, id), t -> {
            ObjectNode tj = EcsRender.task(this, t);
            if (tags) {
                tj.set("tags", t.tags == null ? F.arrayNode() : t.tags);
            }
            return tj;
        }, id -> id.startsWith("arn:") ? id : Ids.arn(c.region, c.account, "task/" + c.name + "/" + id));
    }

    private JsonNode listTasks(JsonNode in, RequestContext ctx) throws AwsException {
        Cluster c = cluster(ctx, in);
        String serviceName = text(in, "serviceName");
        Service s = null;
        if (serviceName != null) {
            s = service(c, serviceName);
            if (s == null) {
                throw AwsException.client("ServiceNotFoundException", "Service not found.");
            }
        }
        String family = text(in, "family");
        String desired = Optional.ofNullable(text(in, "desiredStatus")).orElse("RUNNING");
        if (!Set.of("RUNNING", "PENDING", "STOPPED").contains(desired)) {
            throw invalid("desiredStatus must be RUNNING, PENDING or STOPPED (was " + desired + ").");
        }
        String startedBy = text(in, "startedBy");
        String lt = text(in, "launchType");
        String ci = text(in, "containerInstance");
        String serviceArn = s == null ? null : s.arn;
        Predicate<Task> p = t -> t.clusterArn.equals(c.arn) && desired.equals(t.desiredStatus)
                && (serviceArn == null || serviceArn.equals(t.serviceArn))
                && (family == null || taskDefs.get(t.taskDefinitionArn).family.equals(family))
                && (startedBy == null || startedBy.equals(t.startedBy))
                && (lt == null || lt.equals(t.launchType))
                && (ci == null || (t.containerInstanceArn != null
                        && (t.containerInstanceArn.equals(ci) || t.containerInstanceArn.endsWith("/" + ci))));
        List<String> arns = tasks.values().stream().filter(p).map(t -> t.arn).toList();
        return page(in, arns, "taskArns");
    }

    // ------------------------------------------------------------------ tags

    private ArrayNode tagsOf(String arn) throws AwsException {
        if (clusters.containsKey(arn)) {
            return clusters.get(arn).tags;
        } else if (services.containsKey(arn)) {
            return services.get(arn).tags;
        } else if (tasks.containsKey(arn)) {
            Task t = tasks.get(arn);
            if (t.tags == null) {
                t.tags = F.arrayNode();
            }
            return t.tags;
        } else if (taskDefs.containsKey(arn)) {
            return taskDefs.get(arn).tags;
        } else if (capacityProviders.containsKey(arn)) {
            return capacityProviders.get(arn).tags;
        }
        throw invalid("The specified resource is not found: " + arn);
    }

    private JsonNode tagResource(JsonNode in, RequestContext ctx) throws AwsException {
        ArrayNode tags = tagsOf(text(in, "resourceArn"));
        for (JsonNode t : in.path("tags")) {
            String k = t.path("key").asText();
            for (int i = tags.size() - 1; i >= 0; i--) {
                if (tags.get(i).path("key").asText().equals(k)) {
                    tags.remove(i);
                }
            }
            tags.add(t);
        }
        return F.objectNode();
    }

    private JsonNode untagResource(JsonNode in, RequestContext ctx) throws AwsException {
        ArrayNode tags = tagsOf(text(in, "resourceArn"));
        List<String> keys = strings(in.get("tagKeys"));
        for (int i = tags.size() - 1; i >= 0; i--) {
            if (keys.contains(tags.get(i).path("key").asText())) {
                tags.remove(i);
            }
        }
        return F.objectNode();
    }

    private JsonNode listTagsForResource(JsonNode in, RequestContext ctx) throws AwsException {
        return F.objectNode().set("tags", tagsOf(text(in, "resourceArn")));
    }

    // ------------------------------------------------------------------ helpers

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    /**
     * The answer of a Describe* call: each name {@code find} resolves is rendered under {@code key}, in the order
     * asked; each one it does not is listed under {@code failures} with reason MISSING and the ARN
     * {@code missingArn} gives it.
     */
    private static <T> ObjectNode describeEach(String key, List<String> names, Function<String, T> find,
            Function<T, JsonNode> render, UnaryOperator<String> missingArn) {
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray(key);
        ArrayNode failures = out.putArray("failures");
        for (String n : names) {
            T found = find.apply(n);
            if (found == null) {
                failures.add(failure(missingArn.apply(n), "MISSING"));
            } else {
                list.add(render.apply(found));
            }
        }
        return out;
    }

    static ObjectNode failure(String arn, String reason) {
        ObjectNode f = F.objectNode();
        if (arn != null) {
            f.put("arn", arn);
        }
        f.put("reason", reason);
        return f;
    }

    static void rangeCheck(JsonNode n, String field, int min, int max, String where) throws AwsException {
        if (n.hasNonNull(field)) {
            int v = n.get(field).asInt();
            if (v < min || v > max) {
                throw invalid(where + "." + field + " must be " + min + "-" + max + " (was " + v + ").");
            }
        }
    }

    /** A page of a list result: {@code maxResults} (1-100, default 100) and an opaque {@code nextToken}. */
    static JsonNode page(JsonNode in, List<String> all, String field) throws AwsException {
        int max = in.path("maxResults").asInt(100);
        if (max < 1 || max > 100) {
            throw invalid("maxResults must be between 1 and 100 (was " + max + ").");
        }
        int start = 0;
        String token = text(in, "nextToken");
        if (token != null) {
            try {
                start = Integer.parseInt(new String(java.util.Base64.getDecoder().decode(token),
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw invalid("The specified nextToken is invalid.");
            }
        }
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray(field);
        int end = Math.min(all.size(), start + max);
        for (int i = start; i < end; i++) {
            arr.add(all.get(i));
        }
        if (end < all.size()) {
            out.put("nextToken", java.util.Base64.getEncoder().encodeToString(Integer.toString(end)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    // ------------------------------------------------------------------ state

    @Override
    public JsonNode snapshot() {
        synchronized (lock) {
            ObjectNode s = F.objectNode();
            s.set("clusters", STATE_MAPPER.valueToTree(new ArrayList<>(clusters.values())));
            s.set("capacityProviders", STATE_MAPPER.valueToTree(new ArrayList<>(capacityProviders.values())));
            s.set("containerInstances", STATE_MAPPER.valueToTree(new ArrayList<>(containerInstances.values())));
            s.set("taskDefinitions", STATE_MAPPER.valueToTree(new ArrayList<>(taskDefs.values())));
            s.set("tasks", STATE_MAPPER.valueToTree(new ArrayList<>(tasks.values())));
            s.set("services", STATE_MAPPER.valueToTree(new ArrayList<>(services.values())));
            return s;
        }
    }

    @Override
    public void restore(JsonNode snapshot) {
        synchronized (lock) {
            for (Task t : tasks.values()) {
                for (Container c : t.containers) {
                    if (c.handle != null) {
                        c.handle.stop(Duration.ZERO);
                    }
                }
            }
            clusters.clear();
            capacityProviders.clear();
            containerInstances.clear();
            instanceAddresses.clear();
            taskDefs.clear();
            tasks.clear();
            services.clear();
            try {
                for (JsonNode n : snapshot.path("clusters")) {
                    Cluster c = STATE_MAPPER.treeToValue(n, Cluster.class);
                    clusters.put(c.arn, c);
                }
                for (JsonNode n : snapshot.path("capacityProviders")) {
                    CapacityProvider c = STATE_MAPPER.treeToValue(n, CapacityProvider.class);
                    capacityProviders.put(c.arn, c);
                }
                for (JsonNode n : snapshot.path("containerInstances")) {
                    ContainerInstance c = STATE_MAPPER.treeToValue(n, ContainerInstance.class);
                    containerInstances.put(c.arn, c);
                    if ("ACTIVE".equals(c.status)) {
                        addresses.claim(c.ip);
                        instanceAddresses.put(c.arn, c.ip);
                        instanceAddresses.put(c.ec2InstanceId, c.ip);
                    }
                }
                for (JsonNode n : snapshot.path("taskDefinitions")) {
                    TaskDef c = STATE_MAPPER.treeToValue(n, TaskDef.class);
                    taskDefs.put(c.arn, c);
                }
                for (JsonNode n : snapshot.path("tasks")) {
                    Task t = STATE_MAPPER.treeToValue(n, Task.class);
                    if (!t.isStopped() && "awsvpc".equals(t.networkMode) && t.ip != null) {
                        addresses.claim(t.ip);
                    }
                    tasks.put(t.arn, t);
                }
                for (JsonNode n : snapshot.path("services")) {
                    Service c = STATE_MAPPER.treeToValue(n, Service.class);
                    services.put(c.arn, c);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("ECS snapshot is not readable: " + e.getOriginalMessage(), e);
            }
        }
    }
}
