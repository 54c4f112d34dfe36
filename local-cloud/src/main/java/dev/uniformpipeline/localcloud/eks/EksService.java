package dev.uniformpipeline.localcloud.eks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.RuntimeMode;
import dev.uniformpipeline.localcloud.ServiceContext;
import dev.uniformpipeline.localcloud.ecs.runtime.AutoRuntime;
import dev.uniformpipeline.localcloud.ecs.runtime.LoopbackAddressPool;
import dev.uniformpipeline.localcloud.ecs.runtime.SimulatedRuntime;
import dev.uniformpipeline.localcloud.ecs.runtime.TaskRuntime;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.RestJsonService;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import dev.uniformpipeline.localcloud.spi.TargetRegistry;
import dev.uniformpipeline.localcloud.support.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Amazon EKS's control plane (restJson1, paths {@code /clusters...}): CreateCluster, DescribeCluster,
 * ListClusters, DeleteCluster. Each ACTIVE cluster gets an embedded Kubernetes API ({@link KubeApiServer},
 * started on first need) and a {@link ClusterController} that turns Deployments into pods and TargetGroupBindings
 * into ELBv2 targets. Cluster records survive a restart; the Kubernetes objects do not.
 */
public final class EksService implements RestJsonService, StatefulService, AutoCloseable {
    /** Time from CreateCluster to ACTIVE (cloud time; real clusters take about 10 minutes). */
    public static final Duration DEFAULT_CREATION_TIME = Duration.ofMinutes(10);
    /** Time a deleted cluster stays DELETING (cloud time). */
    public static final Duration DEFAULT_DELETION_TIME = Duration.ofMinutes(2);

    private final CloudClock clock;
    private final ImageResolver images;
    private final TargetRegistry targets;
    private final TaskRuntime runtime;
    private final LoopbackAddressPool addresses;
    private final Duration creationTime;
    private final Duration deletionTime;
    private final Map<String, Cluster> clusters = new TreeMap<>();
    private final Map<String, Running> running = new HashMap<>();

    /** The catalog's constructor: ECR and ELBv2 come from the cloud, the runtime follows its {@link RuntimeMode}. */
    public EksService(ServiceContext context) {
        this(context.clock(), context.lookup(ImageResolver.class), context.lookup(TargetRegistry.class),
                context.runtimeMode() == RuntimeMode.PODMAN ? AutoRuntime.detect(context.clock())
                        : new SimulatedRuntime(context.clock()),
                LoopbackAddressPool.shared(), DEFAULT_CREATION_TIME, DEFAULT_DELETION_TIME);
    }

    public EksService(CloudClock clock, ImageResolver images, TargetRegistry targets, TaskRuntime runtime,
            LoopbackAddressPool addresses, Duration creationTime, Duration deletionTime) {
        this.clock = clock;
        this.images = images;
        this.targets = targets;
        this.runtime = runtime;
        this.addresses = addresses;
        this.creationTime = creationTime;
        this.deletionTime = deletionTime;
    }

    @Override
    public String signingName() {
        return "eks";
    }

    @Override
    public List<String> pathPrefixes() {
        return List.of("/clusters");
    }

    @Override
    public Response call(String method, String path, Map<String, List<String>> query, JsonNode body,
            RequestContext ctx) throws AwsException {
        String[] parts = path.split("/");
        // "", "clusters", name?, sub?
        if (parts.length == 2) {
            switch (method) {
                case "POST":
                    return ok(createCluster(body, ctx));
                case "GET":
                    return ok(listClusters(query, ctx));
                default:
                    break;
            }
        } else if (parts.length == 3) {
            String name = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
            switch (method) {
                case "GET":
                    return ok(describeCluster(name, ctx));
                case "DELETE":
                    return ok(deleteCluster(name, ctx));
                default:
                    break;
            }
        }
        throw new AwsException("InvalidRequestException", "local-cloud EKS implements CreateCluster, "
                + "DescribeCluster, ListClusters and DeleteCluster only, not " + method + " " + path, 400, true);
    }

    private static Response ok(JsonNode body) {
        return new Response(200, body);
    }

    // ---------------------------------------------------------------- operations

    private synchronized JsonNode createCluster(JsonNode in, RequestContext ctx) throws AwsException {
        String name = text(in, "name");
        if (name == null || name.isEmpty()) {
            throw invalid("name is required", null);
        }
        if (name.length() > 100 || !name.matches("[0-9A-Za-z][A-Za-z0-9\\-_]*")) {
            throw invalid("name " + name + " must match ^[0-9A-Za-z][A-Za-z0-9\\-_]*$ and be 1-100 characters",
                    name);
        }
        String roleArn = text(in, "roleArn");
        if (roleArn == null || !roleArn.startsWith("arn:")) {
            throw invalid("roleArn is required and must be an IAM role ARN", name);
        }
        JsonNode vpc = in.get("resourcesVpcConfig");
        if (vpc == null || !vpc.isObject()) {
            throw invalid("resourcesVpcConfig is required", name);
        }
        String version = text(in, "version");
        if (version != null && !version.matches("1\\.\\d{2}")) {
            throw invalid("version " + version + " is not a Kubernetes minor version such as 1.30", name);
        }
        purgeDeleted();
        String key = key(ctx, name);
        if (clusters.containsKey(key)) {
            throw new AwsException("ResourceInUseException", "Cluster already exists with name: " + name, 409, true);
        }
        Cluster c = new Cluster();
        c.name = name;
        c.account = ctx.accountId();
        c.region = ctx.region();
        c.arn = "arn:aws:eks:" + ctx.region() + ":" + ctx.accountId() + ":cluster/" + name;
        c.createdAt = clock.now();
        c.version = version == null ? "1.30" : version;
        c.roleArn = roleArn;
        c.oidcId = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.set("subnetIds", arrayOr(vpc.get("subnetIds")));
        v.set("securityGroupIds", arrayOr(vpc.get("securityGroupIds")));
        v.put("clusterSecurityGroupId", "sg-" + c.oidcId.substring(0, 17).toLowerCase(Locale.ROOT));
        v.put("vpcId", "vpc-" + c.oidcId.substring(8, 25).toLowerCase(Locale.ROOT));
        v.put("endpointPublicAccess", vpc.path("endpointPublicAccess").asBoolean(true));
        v.put("endpointPrivateAccess", vpc.path("endpointPrivateAccess").asBoolean(false));
        v.set("publicAccessCidrs", vpc.has("publicAccessCidrs") ? vpc.get("publicAccessCidrs")
                : Json.MAPPER.createArrayNode().add("0.0.0.0/0"));
        c.vpcConfig = v;
        c.tags = in.has("tags") && in.get("tags").isObject() ? (ObjectNode) in.get("tags") : Json.MAPPER.createObjectNode();
        clusters.put(key, c);
        return wrap(c);
    }

    private synchronized JsonNode describeCluster(String name, RequestContext ctx) throws AwsException {
        Cluster c = find(name, ctx);
        if (status(c).equals("ACTIVE")) {
            ensureRunning(c);
        }
        return wrap(c);
    }

    private synchronized JsonNode listClusters(Map<String, List<String>> query, RequestContext ctx)
            throws AwsException {
        purgeDeleted();
        int max = 100;
        List<String> m = query.get("maxResults");
        if (m != null && !m.isEmpty()) {
            try {
                max = Integer.parseInt(m.get(0));
            } catch (NumberFormatException e) {
                throw invalid("maxResults must be a number between 1 and 100", null);
            }
            if (max < 1 || max > 100) {
                throw invalid("maxResults must be between 1 and 100, got " + max, null);
            }
        }
        List<String> names = new ArrayList<>();
        String prefix = ctx.accountId() + "/" + ctx.region() + "/";
        for (String k : clusters.keySet()) {
            if (k.startsWith(prefix)) {
                names.add(k.substring(prefix.length()));
            }
        }
        int start = 0;
        List<String> token = query.get("nextToken");
        if (token != null && !token.isEmpty()) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token.get(0)),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw invalid("nextToken is not a token returned by ListClusters", null);
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("clusters");
        int end = Math.min(names.size(), start + max);
        for (int i = start; i < end; i++) {
            arr.add(names.get(i));
        }
        if (end < names.size()) {
            out.put("nextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private synchronized JsonNode deleteCluster(String name, RequestContext ctx) throws AwsException {
        Cluster c = find(name, ctx);
        if (c.deletedAt == null) {
            c.deletedAt = clock.now();
            stop(c);
        }
        return wrap(c);
    }

    // ---------------------------------------------------------------- records

    private Cluster find(String name, RequestContext ctx) throws AwsException {
        purgeDeleted();
        Cluster c = clusters.get(key(ctx, name));
        if (c == null) {
            throw new AwsException("ResourceNotFoundException", "No cluster found for name: " + name + ".", 404,
                    true);
        }
        return c;
    }

    private void purgeDeleted() {
        Instant now = clock.now();
        for (Iterator<Cluster> it = clusters.values().iterator(); it.hasNext();) {
            Cluster c = it.next();
            if (c.deletedAt != null && !now.isBefore(c.deletedAt.plus(deletionTime))) {
                it.remove();
            }
        }
    }

    private String status(Cluster c) {
        if (c.deletedAt != null) {
            return "DELETING";
        }
        return clock.now().isBefore(c.createdAt.plus(creationTime)) ? "CREATING" : "ACTIVE";
    }

    private static String key(RequestContext ctx, String name) {
        return ctx.accountId() + "/" + ctx.region() + "/" + name;
    }

    private void ensureRunning(Cluster c) {
        if (running.containsKey(c.arn)) {
            return;
        }
        KubeApiServer api = new KubeApiServer();
        ClusterController controller = new ClusterController(c.name, api.internalClient(), clock, images, targets,
                runtime, addresses);
        running.put(c.arn, new Running(api, controller));
        controller.start();
    }

    private void stop(Cluster c) {
        Running r = running.remove(c.arn);
        if (r != null) {
            r.close();
        }
    }

    private JsonNode wrap(Cluster c) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode o = out.putObject("cluster");
        String status = status(c);
        o.put("name", c.name);
        o.put("arn", c.arn);
        o.set("createdAt", Json.epochSeconds(c.createdAt));
        o.put("version", c.version);
        Running r = running.get(c.arn);
        if (r != null && !"DELETING".equals(status)) {
            o.put("endpoint", r.api.endpoint());
            o.putObject("certificateAuthority").put("data", Base64.getEncoder()
                    .encodeToString(r.api.caPem().getBytes(StandardCharsets.US_ASCII)));
        } else {
            o.putObject("certificateAuthority");
        }
        o.put("roleArn", c.roleArn);
        o.set("resourcesVpcConfig", c.vpcConfig);
        ObjectNode net = o.putObject("kubernetesNetworkConfig");
        net.put("serviceIpv4Cidr", "10.100.0.0/16");
        net.put("ipFamily", "ipv4");
        o.putObject("identity").putObject("oidc").put("issuer",
                "https://oidc.eks." + c.region + ".amazonaws.com/id/" + c.oidcId);
        o.put("status", status);
        o.put("platformVersion", "eks.1");
        o.set("tags", c.tags);
        return out;
    }

    private static ArrayNode arrayOr(JsonNode n) {
        return n != null && n.isArray() ? (ArrayNode) n : Json.MAPPER.createArrayNode();
    }

    private static String text(JsonNode in, String field) {
        JsonNode n = in == null ? null : in.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static AwsException invalid(String message, String clusterName) {
        return new AwsException("InvalidParameterException", message, 400, true);
    }

    // ---------------------------------------------------------------- state

    @Override
    public String stateName() {
        return "eks";
    }

    @Override
    public synchronized JsonNode snapshot() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode arr = out.putArray("clusters");
        for (Cluster c : clusters.values()) {
            ObjectNode o = arr.addObject();
            o.put("name", c.name);
            o.put("account", c.account);
            o.put("region", c.region);
            o.put("arn", c.arn);
            o.put("createdAt", c.createdAt.toString());
            if (c.deletedAt != null) {
                o.put("deletedAt", c.deletedAt.toString());
            }
            o.put("version", c.version);
            o.put("roleArn", c.roleArn);
            o.put("oidcId", c.oidcId);
            o.set("resourcesVpcConfig", c.vpcConfig);
            o.set("tags", c.tags);
        }
        return out;
    }

    @Override
    public synchronized void restore(JsonNode snapshot) {
        for (Running r : running.values()) {
            r.close();
        }
        running.clear();
        clusters.clear();
        for (JsonNode o : snapshot.path("clusters")) {
            Cluster c = new Cluster();
            c.name = o.path("name").asText();
            c.account = o.path("account").asText();
            c.region = o.path("region").asText();
            c.arn = o.path("arn").asText();
            c.createdAt = Instant.parse(o.path("createdAt").asText());
            c.deletedAt = o.hasNonNull("deletedAt") ? Instant.parse(o.path("deletedAt").asText()) : null;
            c.version = o.path("version").asText();
            c.roleArn = o.path("roleArn").asText();
            c.oidcId = o.path("oidcId").asText();
            c.vpcConfig = (ObjectNode) o.path("resourcesVpcConfig");
            c.tags = o.path("tags").isObject() ? (ObjectNode) o.path("tags") : Json.MAPPER.createObjectNode();
            clusters.put(c.account + "/" + c.region + "/" + c.name, c);
        }
    }

    @Override
    public synchronized void close() {
        for (Running r : running.values()) {
            r.close();
        }
        running.clear();
        runtime.close();
    }

    private static final class Cluster {
        String name;
        String account;
        String region;
        String arn;
        Instant createdAt;
        Instant deletedAt;
        String version;
        String roleArn;
        String oidcId;
        ObjectNode vpcConfig;
        ObjectNode tags;
    }

    private record Running(KubeApiServer api, ClusterController controller) {
        void close() {
            try {
                controller.close();
            } finally {
                api.close();
            }
        }
    }
}
