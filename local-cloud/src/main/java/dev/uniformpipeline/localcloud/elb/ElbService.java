package dev.uniformpipeline.localcloud.elb;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.elb.Model.Action;
import dev.uniformpipeline.localcloud.elb.Model.Condition;
import dev.uniformpipeline.localcloud.elb.Model.Listener;
import dev.uniformpipeline.localcloud.elb.Model.LoadBalancer;
import dev.uniformpipeline.localcloud.elb.Model.Rule;
import dev.uniformpipeline.localcloud.elb.Model.Target;
import dev.uniformpipeline.localcloud.elb.Model.TargetGroup;
import dev.uniformpipeline.localcloud.elb.Model.WeightedGroup;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.QueryProtocolService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import dev.uniformpipeline.localcloud.spi.TargetRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Elastic Load Balancing v2 (ALB and NLB): the control plane over awsQuery, real HTTP health checks
 * against every registered target, and a real data plane per load balancer. See the package
 * documentation for how to reach a load balancer's port.
 */
public final class ElbService implements QueryProtocolService, StatefulService, TargetRegistry, AutoCloseable {
    static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    static final String REGISTRATION_IN_PROGRESS = "Elb.RegistrationInProgress";
    static final String INITIAL_HEALTH_CHECKING = "Elb.InitialHealthChecking";
    static final String RESPONSE_CODE_MISMATCH = "Target.ResponseCodeMismatch";
    static final String TIMEOUT = "Target.Timeout";
    static final String FAILED_HEALTH_CHECKS = "Target.FailedHealthChecks";
    static final String NOT_REGISTERED = "Target.NotRegistered";
    static final String NOT_IN_USE = "Target.NotInUse";
    static final String DEREGISTRATION_IN_PROGRESS = "Target.DeregistrationInProgress";

    private static final List<String> LB_TYPES = List.of("application", "network", "gateway");
    private static final List<String> SCHEMES = List.of("internet-facing", "internal");
    private static final List<String> IP_TYPES = List.of("ipv4", "dualstack");
    private static final List<String> PROTOCOLS = List.of("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE");
    private static final List<String> ALB_PROTOCOLS = List.of("HTTP", "HTTPS");
    private static final List<String> NLB_PROTOCOLS = List.of("TCP", "TLS", "UDP", "TCP_UDP");
    private static final List<String> TARGET_TYPES = List.of("instance", "ip", "lambda", "alb");
    private static final List<String> ACTION_TYPES =
            List.of("forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response");
    private static final List<String> CONDITION_FIELDS =
            List.of("http-header", "http-request-method", "host-header", "path-pattern", "query-string", "source-ip");
    private static final List<String> CONTENT_TYPES =
            List.of("text/plain", "text/css", "text/html", "application/javascript", "application/json");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern HTTP_CODE = Pattern.compile("\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*");
    private static final int MAX_RULES_PER_LOAD_BALANCER = 100;
    private static final int MAX_TARGETS_PER_GROUP = 1000;
    private static final int MAX_LISTENERS_PER_LOAD_BALANCER = 50;

    private final CloudClock clock;
    private final String bindHost;
    private final Duration registrationTime;
    private final Duration provisioningTime;
    private final Duration minimumCheckTimeout;
    private final Function<String, String> instanceAddress;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService dataPlaneThreads;
    private final HealthProbe probe;
    private final DataPlane dataPlane;
    private final ObjectMapper json;

    private Model.State state = new Model.State();
    private final Map<String, AutoCloseable> servers = new HashMap<>();

    private ElbService(Builder b) {
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.bindHost = b.bindHost;
        this.registrationTime = b.registrationTime;
        this.provisioningTime = b.provisioningTime;
        this.minimumCheckTimeout = b.minimumCheckTimeout;
        this.instanceAddress = b.instanceAddress;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("elb-health"));
        this.dataPlaneThreads = Executors.newCachedThreadPool(daemon("elb-data-plane"));
        this.dataPlane = new DataPlane(this, dataPlaneThreads);
        this.probe = new HealthProbe(Executors.newFixedThreadPool(2, daemon("elb-tcp-check")));
        this.json = new ObjectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        long tick = Math.max(1, b.tick.toMillis());
        scheduler.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
    }

    public static Builder builder(CloudClock clock) {
        return new Builder(clock);
    }

    /** Settings of the stand-in; every duration except {@code minimumCheckTimeout} and {@code tick} is cloud time. */
    public static final class Builder {
        private final CloudClock clock;
        private String bindHost = "127.0.0.1";
        private Duration registrationTime = Duration.ofSeconds(10);
        private Duration provisioningTime = Duration.ofSeconds(30);
        private Duration minimumCheckTimeout = Duration.ofMillis(1000);
        private Duration tick = Duration.ofMillis(20);
        private Function<String, String> instanceAddress = id -> "127.0.0.1";

        private Builder(CloudClock clock) {
            this.clock = clock;
        }

        /** Address the load balancers' ports bind to and their DNSName names; default {@code 127.0.0.1}. */
        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        /** Cloud time a new target spends in {@code initial/Elb.RegistrationInProgress}; default 10 s. */
        public Builder registrationTime(Duration cloudTime) {
            this.registrationTime = cloudTime;
            return this;
        }

        /** Cloud time a new load balancer stays {@code provisioning}; default 30 s. */
        public Builder provisioningTime(Duration cloudTime) {
            this.provisioningTime = cloudTime;
            return this;
        }

        /**
         * Wall-time floor for a health check's timeout (default 1 s): a scaled 5 s timeout at factor 60 is
         * 83 ms, shorter than a cold JVM target needs to answer, so scaled timeouts never go below this.
         */
        public Builder minimumCheckTimeout(Duration wallTime) {
            this.minimumCheckTimeout = wallTime;
            return this;
        }

        /** Wall time between two passes of the health-check scheduler; default 20 ms. */
        public Builder tick(Duration wallTime) {
            this.tick = wallTime;
            return this;
        }

        /** Maps an instance id (target type {@code instance}) to the address checked and forwarded to. */
        public Builder instanceAddress(Function<String, String> resolver) {
            this.instanceAddress = resolver;
            return this;
        }

        public ElbService build() {
            return new ElbService(this);
        }
    }

    // ------------------------------------------------------------------ protocol

    @Override
    public String signingName() {
        return "elasticloadbalancing";
    }

    @Override
    public String apiVersion() {
        return "2015-12-01";
    }

    @Override
    public String xmlNamespace() {
        return NS;
    }

    @Override
    public String call(String action, Map<String, String> params, RequestContext ctx) throws AwsException {
        Params p = new Params(params);
        synchronized (this) {
            String result = dispatch(action, p, ctx);
            // Listener and rule changes take effect on target states at once, not at the next tick.
            advance(nowMillis(), false);
            return result;
        }
    }

    private String dispatch(String action, Params p, RequestContext ctx) throws AwsException {
        return switch (action) {
            case "CreateLoadBalancer" -> createLoadBalancer(p, ctx);
            case "DescribeLoadBalancers" -> describeLoadBalancers(p, ctx);
            case "DeleteLoadBalancer" -> deleteLoadBalancer(p);
            case "DescribeLoadBalancerAttributes" -> describeLoadBalancerAttributes(p);
            case "ModifyLoadBalancerAttributes" -> modifyLoadBalancerAttributes(p);
            case "CreateTargetGroup" -> createTargetGroup(p, ctx);
            case "DescribeTargetGroups" -> describeTargetGroups(p, ctx);
            case "ModifyTargetGroup" -> modifyTargetGroup(p);
            case "DeleteTargetGroup" -> deleteTargetGroup(p);
            case "DescribeTargetGroupAttributes" -> describeTargetGroupAttributes(p);
            case "ModifyTargetGroupAttributes" -> modifyTargetGroupAttributes(p);
            case "RegisterTargets" -> registerTargets(p);
            case "DeregisterTargets" -> deregisterTargets(p);
            case "DescribeTargetHealth" -> describeTargetHealth(p);
            case "CreateListener" -> createListener(p);
            case "DescribeListeners" -> describeListeners(p);
            case "ModifyListener" -> modifyListener(p);
            case "DeleteListener" -> deleteListener(p);
            case "CreateRule" -> createRule(p);
            case "DescribeRules" -> describeRules(p);
            case "ModifyRule" -> modifyRule(p);
            case "DeleteRule" -> deleteRule(p);
            case "SetRulePriorities" -> setRulePriorities(p);
            case "AddTags" -> addTags(p);
            case "RemoveTags" -> removeTags(p);
            case "DescribeTags" -> describeTags(p);
            default -> throw AwsException.client("InvalidAction",
                    "The action " + action + " is not valid for this web service (local-cloud ELBv2 implements "
                            + "load balancers, target groups, targets, listeners, rules and tags).");
        };
    }

    // ------------------------------------------------------------------ load balancers

    private String createLoadBalancer(Params p, RequestContext ctx) throws AwsException {
        String name = p.required("Name");
        validateName(name, "Load balancer");
        if (name.toLowerCase(Locale.ROOT).startsWith("internal-")) {
            throw Errors.validation("Load balancer name '" + name + "' cannot begin with 'internal-'");
        }
        String type = Optional.ofNullable(p.get("Type")).orElse("application");
        Errors.oneOf(type, "type", LB_TYPES);
        if (type.equals("gateway")) {
            throw Errors.config("Load balancers of type 'gateway' are not supported by local-cloud; "
                    + "use Type=application or Type=network");
        }
        String scheme = Optional.ofNullable(p.get("Scheme")).orElse("internet-facing");
        Errors.oneOf(scheme, "scheme", SCHEMES);
        String ipType = Optional.ofNullable(p.get("IpAddressType")).orElse("ipv4");
        Errors.oneOf(ipType, "ipAddressType", IP_TYPES);
        List<String> subnets = new ArrayList<>(p.strings("Subnets"));
        for (Params m : p.structs("SubnetMappings")) {
            subnets.add(m.required("SubnetId"));
        }
        List<String> securityGroups = p.strings("SecurityGroups");
        if (type.equals("network") && !securityGroups.isEmpty()) {
            // Allowed by AWS since 2023 but absent from the 2015-12-01 model this service follows.
            securityGroups = List.of();
        }
        Map<String, String> tags = parseTags(p);

        LoadBalancer existing = findLoadBalancerByName(ctx, name);
        if (existing != null) {
            if (existing.type.equals(type) && existing.scheme.equals(scheme)) {
                return new Xml().open("LoadBalancers").open("member").toString()
                        + writeLoadBalancer(existing) + "</member></LoadBalancers>";
            }
            throw AwsException.client("DuplicateLoadBalancerName",
                    "A load balancer with the same name '" + name + "' exists, but with different settings");
        }
        LoadBalancer lb = new LoadBalancer();
        String id = hex16();
        lb.arn = "arn:aws:elasticloadbalancing:" + ctx.region() + ":" + ctx.accountId() + ":loadbalancer/"
                + (type.equals("application") ? "app" : "net") + "/" + name + "/" + id;
        lb.name = name;
        lb.type = type;
        lb.scheme = scheme;
        lb.ipAddressType = ipType;
        lb.vpcId = "vpc-0000000000000000a";
        lb.subnets = subnets;
        lb.securityGroups = new ArrayList<>(securityGroups);
        lb.createdMillis = nowMillis();
        lb.attributes = defaultLoadBalancerAttributes(type);
        lb.port = 0;
        startServer(lb);
        state.loadBalancers.add(lb);
        if (!tags.isEmpty()) {
            state.tags.put(lb.arn, tags);
        }
        return "<LoadBalancers><member>" + writeLoadBalancer(lb) + "</member></LoadBalancers>";
    }

    private String describeLoadBalancers(Params p, RequestContext ctx) throws AwsException {
        List<String> arns = p.strings("LoadBalancerArns");
        List<String> names = p.strings("Names");
        if (!arns.isEmpty() && !names.isEmpty()) {
            throw Errors.validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
        }
        List<LoadBalancer> found = new ArrayList<>();
        if (!arns.isEmpty()) {
            for (String arn : arns) {
                found.add(loadBalancer(arn));
            }
        } else if (!names.isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (String name : names) {
                LoadBalancer lb = findLoadBalancerByName(ctx, name);
                if (lb == null) {
                    missing.add(name);
                } else {
                    found.add(lb);
                }
            }
            if (!missing.isEmpty()) {
                throw AwsException.client("LoadBalancerNotFound", "Load balancers '" + missing + "' not found");
            }
        } else {
            for (LoadBalancer lb : state.loadBalancers) {
                if (inScope(lb.arn, ctx)) {
                    found.add(lb);
                }
            }
        }
        Page<LoadBalancer> page = page(found, p);
        StringBuilder sb = new StringBuilder("<LoadBalancers>");
        for (LoadBalancer lb : page.items) {
            sb.append("<member>").append(writeLoadBalancer(lb)).append("</member>");
        }
        sb.append("</LoadBalancers>");
        return sb + page.marker();
    }

    private String deleteLoadBalancer(Params p) throws AwsException {
        String arn = p.required("LoadBalancerArn");
        LoadBalancer lb = findLoadBalancer(arn);
        if (lb == null) {
            return "";
        }
        if ("true".equals(lb.attributes.get("deletion_protection.enabled"))) {
            throw AwsException.client("OperationNotPermitted", "Load balancer '" + arn
                    + "' cannot be deleted because deletion protection is enabled");
        }
        for (Listener l : listenersOf(arn)) {
            removeListener(l);
        }
        state.loadBalancers.remove(lb);
        state.tags.remove(arn);
        stopServer(arn);
        return "";
    }

    private String describeLoadBalancerAttributes(Params p) throws AwsException {
        LoadBalancer lb = loadBalancer(p.required("LoadBalancerArn"));
        return writeAttributes(lb.attributes);
    }

    private String modifyLoadBalancerAttributes(Params p) throws AwsException {
        LoadBalancer lb = loadBalancer(p.required("LoadBalancerArn"));
        Map<String, String> changes = parseAttributes(p);
        Map<String, String> updated = new LinkedHashMap<>(lb.attributes);
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (!lb.attributes.containsKey(key)) {
                throw Errors.validation("Load balancer attribute key '" + key + "' is not recognized");
            }
            if (key.endsWith(".enabled") && !value.equals("true") && !value.equals("false")) {
                throw Errors.config("Load balancer attribute '" + key + "' must be 'true' or 'false', not '"
                        + value + "'");
            }
            if (key.equals("idle_timeout.timeout_seconds")) {
                intAttribute(key, value, 1, 4000);
            }
            updated.put(key, value);
        }
        lb.attributes = updated;
        return writeAttributes(lb.attributes);
    }

    private static Map<String, String> defaultLoadBalancerAttributes(String type) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("access_logs.s3.enabled", "false");
        a.put("access_logs.s3.bucket", "");
        a.put("access_logs.s3.prefix", "");
        a.put("deletion_protection.enabled", "false");
        if (type.equals("application")) {
            a.put("idle_timeout.timeout_seconds", "60");
            a.put("routing.http2.enabled", "true");
            a.put("routing.http.drop_invalid_header_fields.enabled", "false");
            a.put("load_balancing.cross_zone.enabled", "true");
        } else {
            a.put("load_balancing.cross_zone.enabled", "false");
        }
        return a;
    }

    private String writeLoadBalancer(LoadBalancer lb) {
        String region = arnPart(lb.arn, 3);
        Xml x = new Xml()
                .el("LoadBalancerArn", lb.arn)
                .el("DNSName", dnsName(lb))
                .el("CanonicalHostedZoneId", lb.application() ? "Z35SXDOTRQ7X7K" : "Z26RNL4JYFTOTI")
                .el("CreatedTime", Instant.ofEpochMilli(lb.createdMillis))
                .el("LoadBalancerName", lb.name)
                .el("Scheme", lb.scheme)
                .el("VpcId", lb.vpcId)
                .open("State").el("Code", loadBalancerState(lb)).close("State")
                .el("Type", lb.type)
                .open("AvailabilityZones");
        List<String> subnets = lb.subnets.isEmpty()
                ? List.of("subnet-0000000000000000a", "subnet-0000000000000000b") : lb.subnets;
        for (int i = 0; i < subnets.size(); i++) {
            x.open("member").el("ZoneName", region + (char) ('a' + i % 3)).el("SubnetId", subnets.get(i))
                    .close("member");
        }
        x.close("AvailabilityZones");
        if (lb.application()) {
            x.members("SecurityGroups", lb.securityGroups);
        }
        x.el("IpAddressType", lb.ipAddressType);
        return x.toString();
    }

    private String loadBalancerState(LoadBalancer lb) {
        return nowMillis() >= lb.createdMillis + provisioningTime.toMillis() ? "active" : "provisioning";
    }

    /** {@code 127.0.0.1:<port>}: what {@code http://<DNSName>/} needs to reach the load balancer. */
    private String dnsName(LoadBalancer lb) {
        return bindHost + ":" + lb.port;
    }

    private void startServer(LoadBalancer lb) {
        try {
            DataPlane.Front front = lb.application() ? dataPlane.http(lb.arn, bindHost, lb.port)
                    : dataPlane.tcp(lb.arn, bindHost, lb.port);
            lb.port = front.port();
            servers.put(lb.arn, front);
        } catch (IOException e) {
            if (lb.port != 0) {
                lb.port = 0;
                startServer(lb);
                return;
            }
            throw new UncheckedIOException("cannot bind a port for load balancer " + lb.name + " on " + bindHost, e);
        }
    }

    private void stopServer(String arn) {
        AutoCloseable server = servers.remove(arn);
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                // closing a listening socket; nothing useful to do
            }
        }
    }

    // ------------------------------------------------------------------ target groups

    private String createTargetGroup(Params p, RequestContext ctx) throws AwsException {
        String name = p.required("Name");
        validateName(name, "Target group");
        String targetType = Optional.ofNullable(p.get("TargetType")).orElse("instance");
        Errors.oneOf(targetType, "targetType", TARGET_TYPES);
        if (targetType.equals("lambda") || targetType.equals("alb")) {
            throw Errors.config("Target type '" + targetType + "' is not supported by local-cloud; use 'ip' or "
                    + "'instance'");
        }
        String protocol = p.get("Protocol");
        Errors.oneOf(protocol, "protocol", PROTOCOLS);
        if (protocol == null) {
            throw Errors.validation("A protocol must be specified for target groups of type '" + targetType + "'");
        }
        if (protocol.equals("GENEVE")) {
            throw Errors.config("Protocol 'GENEVE' (gateway load balancers) is not supported by local-cloud");
        }
        Integer port = p.integer("Port", 1, 65535);
        if (port == null) {
            throw Errors.validation("A port must be specified for target groups of type '" + targetType + "'");
        }
        TargetGroup tg = new TargetGroup();
        tg.name = name;
        tg.protocol = protocol;
        tg.port = port;
        tg.targetType = targetType;
        tg.vpcId = Optional.ofNullable(p.get("VpcId")).orElse("vpc-0000000000000000a");
        tg.ipAddressType = Optional.ofNullable(p.get("IpAddressType")).orElse("ipv4");
        Errors.oneOf(tg.ipAddressType, "ipAddressType", List.of("ipv4", "ipv6"));
        boolean http = ALB_PROTOCOLS.contains(protocol);
        tg.protocolVersion = http ? Optional.ofNullable(p.get("ProtocolVersion")).orElse("HTTP1") : null;
        if (tg.protocolVersion != null) {
            Errors.oneOf(tg.protocolVersion.toUpperCase(Locale.ROOT), "protocolVersion",
                    List.of("HTTP1", "HTTP2", "GRPC"));
            tg.protocolVersion = tg.protocolVersion.toUpperCase(Locale.ROOT);
        }
        // Defaults: ALB (HTTP/HTTPS) and NLB (TCP family) columns of AWS-FACTS §3.
        tg.healthCheckProtocol = http ? protocol : "TCP";
        tg.healthCheckPort = "traffic-port";
        tg.healthCheckEnabled = true;
        tg.healthCheckIntervalSeconds = 30;
        tg.healthCheckTimeoutSeconds = http ? 5 : 10;
        tg.healthyThresholdCount = 5;
        tg.unhealthyThresholdCount = 2;
        tg.healthCheckPath = http ? ("GRPC".equals(tg.protocolVersion) ? "/AWS.ALB/healthcheck" : "/") : null;
        tg.matcher = http ? ("GRPC".equals(tg.protocolVersion) ? "12" : "200") : null;
        boolean timeoutGiven = p.get("HealthCheckTimeoutSeconds") != null;
        applyHealthCheckSettings(tg, p, true);
        if (!timeoutGiven && !http && "HTTP".equals(tg.healthCheckProtocol)) {
            tg.healthCheckTimeoutSeconds = 6;
        }
        checkTimeoutAgainstInterval(tg);
        tg.attributes = defaultTargetGroupAttributes(http);
        Map<String, String> tags = parseTags(p);

        TargetGroup existing = findTargetGroupByName(ctx, name);
        if (existing != null) {
            if (sameSettings(existing, tg)) {
                return "<TargetGroups><member>" + writeTargetGroup(existing) + "</member></TargetGroups>";
            }
            throw AwsException.client("DuplicateTargetGroupName",
                    "A target group with the same name '" + name + "' exists, but with different settings");
        }
        tg.arn = "arn:aws:elasticloadbalancing:" + ctx.region() + ":" + ctx.accountId() + ":targetgroup/" + name + "/"
                + hex16();
        tg.createdMillis = nowMillis();
        state.targetGroups.add(tg);
        if (!tags.isEmpty()) {
            state.tags.put(tg.arn, tags);
        }
        return "<TargetGroups><member>" + writeTargetGroup(tg) + "</member></TargetGroups>";
    }

    private static boolean sameSettings(TargetGroup a, TargetGroup b) {
        return a.protocol.equals(b.protocol) && Objects.equals(a.port, b.port) && a.targetType.equals(b.targetType)
                && a.vpcId.equals(b.vpcId) && Objects.equals(a.healthCheckProtocol, b.healthCheckProtocol)
                && Objects.equals(a.healthCheckPort, b.healthCheckPort)
                && Objects.equals(a.healthCheckPath, b.healthCheckPath)
                && a.healthCheckIntervalSeconds == b.healthCheckIntervalSeconds
                && a.healthCheckTimeoutSeconds == b.healthCheckTimeoutSeconds
                && a.healthyThresholdCount == b.healthyThresholdCount
                && a.unhealthyThresholdCount == b.unhealthyThresholdCount && Objects.equals(a.matcher, b.matcher);
    }

    /** Applies the health-check members of CreateTargetGroup/ModifyTargetGroup, validating AWS's ranges. */
    private static void applyHealthCheckSettings(TargetGroup tg, Params p, boolean creating) throws AwsException {
        boolean http = ALB_PROTOCOLS.contains(tg.protocol);
        String hcProtocol = p.get("HealthCheckProtocol");
        if (hcProtocol != null) {
            Errors.oneOf(hcProtocol, "healthCheckProtocol", PROTOCOLS);
            List<String> allowed = http ? ALB_PROTOCOLS : List.of("TCP", "HTTP", "HTTPS");
            if (!allowed.contains(hcProtocol)) {
                throw Errors.validation("Health check protocol '" + hcProtocol + "' is not supported for target "
                        + "groups with the " + tg.protocol + " protocol; use one of " + allowed);
            }
            boolean wasTcp = "TCP".equals(tg.healthCheckProtocol);
            tg.healthCheckProtocol = hcProtocol;
            if (!hcProtocol.equals("TCP") && tg.healthCheckPath == null) {
                tg.healthCheckPath = "/";
            }
            if (!hcProtocol.equals("TCP") && tg.matcher == null) {
                tg.matcher = "200-399";
            }
            if (hcProtocol.equals("TCP") && !wasTcp) {
                tg.healthCheckPath = null;
                tg.matcher = null;
            }
        }
        String hcPort = p.get("HealthCheckPort");
        if (hcPort != null) {
            if (!hcPort.equals("traffic-port")) {
                int n;
                try {
                    n = Integer.parseInt(hcPort);
                } catch (NumberFormatException e) {
                    throw Errors.validation("Health check port '" + hcPort
                            + "' must be 'traffic-port' or a port number from 1 to 65535");
                }
                Errors.range(n, "healthCheckPort", 1, 65535);
            }
            tg.healthCheckPort = hcPort;
        }
        String path = p.get("HealthCheckPath");
        if (path != null) {
            if (path.isEmpty() || path.length() > 1024) {
                throw Errors.constraint(path, "healthCheckPath", "Member must have length between 1 and 1024");
            }
            if (!path.startsWith("/")) {
                throw Errors.validation("Health check path '" + path + "' must begin with a '/' character");
            }
            if ("TCP".equals(tg.healthCheckProtocol)) {
                throw Errors.config("Health check path cannot be set when the health check protocol is TCP");
            }
            tg.healthCheckPath = path;
        }
        Boolean enabled = p.bool("HealthCheckEnabled");
        if (enabled != null) {
            if (!enabled) {
                throw Errors.config("Health checks cannot be disabled for target groups with target type '"
                        + tg.targetType + "'");
            }
            tg.healthCheckEnabled = true;
        }
        Integer interval = p.integer("HealthCheckIntervalSeconds", 5, 300);
        if (interval != null) {
            tg.healthCheckIntervalSeconds = interval;
        }
        Integer timeout = p.integer("HealthCheckTimeoutSeconds", 2, 120);
        if (timeout != null) {
            tg.healthCheckTimeoutSeconds = timeout;
        }
        Integer healthy = p.integer("HealthyThresholdCount", 2, 10);
        if (healthy != null) {
            tg.healthyThresholdCount = healthy;
        }
        Integer unhealthy = p.integer("UnhealthyThresholdCount", 2, 10);
        if (unhealthy != null) {
            tg.unhealthyThresholdCount = unhealthy;
        }
        String code = p.get("Matcher.HttpCode");
        if (code != null) {
            if ("TCP".equals(tg.healthCheckProtocol)) {
                throw Errors.config("A matcher cannot be set when the health check protocol is TCP");
            }
            validateMatcher(code, http ? 200 : 200, http ? 499 : 599);
            tg.matcher = code;
        }
        String grpc = p.get("Matcher.GrpcCode");
        if (grpc != null) {
            if (!"GRPC".equals(tg.protocolVersion)) {
                throw Errors.config("A gRPC matcher can only be set on target groups with protocol version GRPC");
            }
            tg.matcher = grpc;
        }
    }

    /** ALB groups need timeout < interval; NLB (TCP family) groups allow the 10 s/10 s pair. */
    private static void checkTimeoutAgainstInterval(TargetGroup tg) throws AwsException {
        boolean http = ALB_PROTOCOLS.contains(tg.protocol);
        if (http ? tg.healthCheckTimeoutSeconds >= tg.healthCheckIntervalSeconds
                : tg.healthCheckTimeoutSeconds > tg.healthCheckIntervalSeconds) {
            throw Errors.validation("Health check timeout '" + tg.healthCheckTimeoutSeconds + "' must be "
                    + (http ? "smaller than" : "at most") + " the interval '" + tg.healthCheckIntervalSeconds + "'");
        }
    }

    private static void validateMatcher(String code, int min, int max) throws AwsException {
        if (!HTTP_CODE.matcher(code).matches()) {
            throw Errors.validation("Health check matcher HTTP code '" + code
                    + "' must be a code, a comma-separated list of codes or a range such as '200-299'");
        }
        for (String part : code.split("[,-]")) {
            int n = Integer.parseInt(part);
            if (n < min || n > max) {
                throw Errors.validation("Health check matcher HTTP code '" + n + "' must be within '" + min + "-"
                        + max + "' inclusive");
            }
        }
    }

    static boolean matcherAccepts(String matcher, int status) {
        for (String part : matcher.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                if (Integer.parseInt(part.trim()) == status) {
                    return true;
                }
            } else if (status >= Integer.parseInt(part.substring(0, dash).trim())
                    && status <= Integer.parseInt(part.substring(dash + 1).trim())) {
                return true;
            }
        }
        return false;
    }

    private String describeTargetGroups(Params p, RequestContext ctx) throws AwsException {
        String lbArn = p.get("LoadBalancerArn");
        List<String> arns = p.strings("TargetGroupArns");
        List<String> names = p.strings("Names");
        List<TargetGroup> found = new ArrayList<>();
        if (lbArn != null) {
            loadBalancer(lbArn);
            for (TargetGroup tg : state.targetGroups) {
                if (loadBalancersOf(tg.arn).contains(lbArn)) {
                    found.add(tg);
                }
            }
        } else if (!arns.isEmpty()) {
            for (String arn : arns) {
                found.add(requireTargetGroup(arn));
            }
        } else if (!names.isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (String name : names) {
                TargetGroup tg = findTargetGroupByName(ctx, name);
                if (tg == null) {
                    missing.add(name);
                } else {
                    found.add(tg);
                }
            }
            if (!missing.isEmpty()) {
                throw AwsException.client("TargetGroupNotFound", "Target groups '" + missing + "' not found");
            }
        } else {
            for (TargetGroup tg : state.targetGroups) {
                if (inScope(tg.arn, ctx)) {
                    found.add(tg);
                }
            }
        }
        Page<TargetGroup> page = page(found, p);
        StringBuilder sb = new StringBuilder("<TargetGroups>");
        for (TargetGroup tg : page.items) {
            sb.append("<member>").append(writeTargetGroup(tg)).append("</member>");
        }
        return sb.append("</TargetGroups>") + page.marker();
    }

    private String modifyTargetGroup(Params p) throws AwsException {
        TargetGroup tg = requireTargetGroup(p.required("TargetGroupArn"));
        TargetGroup copy = json.convertValue(json.valueToTree(tg), TargetGroup.class);
        applyHealthCheckSettings(copy, p, false);
        checkTimeoutAgainstInterval(copy);
        tg.healthCheckProtocol = copy.healthCheckProtocol;
        tg.healthCheckPort = copy.healthCheckPort;
        tg.healthCheckPath = copy.healthCheckPath;
        tg.healthCheckIntervalSeconds = copy.healthCheckIntervalSeconds;
        tg.healthCheckTimeoutSeconds = copy.healthCheckTimeoutSeconds;
        tg.healthyThresholdCount = copy.healthyThresholdCount;
        tg.unhealthyThresholdCount = copy.unhealthyThresholdCount;
        tg.matcher = copy.matcher;
        return "<TargetGroups><member>" + writeTargetGroup(tg) + "</member></TargetGroups>";
    }

    private String deleteTargetGroup(Params p) throws AwsException {
        String arn = p.required("TargetGroupArn");
        TargetGroup tg = findTargetGroup(arn);
        if (tg == null) {
            return "";
        }
        if (!loadBalancersOf(arn).isEmpty()) {
            throw AwsException.client("ResourceInUse",
                    "Target group '" + arn + "' is currently in use by a listener or a rule");
        }
        state.targetGroups.remove(tg);
        state.tags.remove(arn);
        return "";
    }

    private static Map<String, String> defaultTargetGroupAttributes(boolean http) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("deregistration_delay.timeout_seconds", "300");
        a.put("stickiness.enabled", "false");
        if (http) {
            a.put("stickiness.type", "lb_cookie");
            a.put("stickiness.lb_cookie.duration_seconds", "86400");
            a.put("stickiness.app_cookie.cookie_name", "");
            a.put("stickiness.app_cookie.duration_seconds", "86400");
            a.put("slow_start.duration_seconds", "0");
            a.put("load_balancing.algorithm.type", "round_robin");
            a.put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
        } else {
            a.put("stickiness.type", "source_ip");
            a.put("deregistration_delay.connection_termination.enabled", "false");
            a.put("preserve_client_ip.enabled", "true");
            a.put("proxy_protocol_v2.enabled", "false");
            a.put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
        }
        return a;
    }

    private String describeTargetGroupAttributes(Params p) throws AwsException {
        return writeAttributes(requireTargetGroup(p.required("TargetGroupArn")).attributes);
    }

    private String modifyTargetGroupAttributes(Params p) throws AwsException {
        TargetGroup tg = requireTargetGroup(p.required("TargetGroupArn"));
        Map<String, String> changes = parseAttributes(p);
        if (changes.isEmpty()) {
            throw Errors.validation("1 validation error detected: Value null at 'attributes' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        Map<String, String> updated = new LinkedHashMap<>(tg.attributes);
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (!tg.attributes.containsKey(key)) {
                throw Errors.validation("Target group attribute key '" + key + "' is not recognized");
            }
            switch (key) {
                case "deregistration_delay.timeout_seconds" -> intAttribute(key, value, 0, 3600);
                case "slow_start.duration_seconds" -> {
                    int n = intAttribute(key, value, 0, 900);
                    if (n != 0 && n < 30) {
                        throw Errors.config("Attribute '" + key + "' must be 0 (off) or from 30 to 900, not " + n);
                    }
                }
                case "stickiness.lb_cookie.duration_seconds", "stickiness.app_cookie.duration_seconds" ->
                        intAttribute(key, value, 1, 604800);
                case "stickiness.type" -> {
                    List<String> allowed = ALB_PROTOCOLS.contains(tg.protocol)
                            ? List.of("lb_cookie", "app_cookie") : List.of("source_ip");
                    if (!allowed.contains(value)) {
                        throw Errors.config("Attribute '" + key + "' must be one of " + allowed + ", not '"
                                + value + "'");
                    }
                }
                case "load_balancing.algorithm.type" -> {
                    if (!value.equals("round_robin") && !value.equals("least_outstanding_requests")) {
                        throw Errors.config("Attribute '" + key
                                + "' must be 'round_robin' or 'least_outstanding_requests', not '" + value + "'");
                    }
                }
                case "load_balancing.cross_zone.enabled" -> {
                    if (!List.of("true", "false", "use_load_balancer_configuration").contains(value)) {
                        throw Errors.config("Attribute '" + key
                                + "' must be 'true', 'false' or 'use_load_balancer_configuration'");
                    }
                }
                default -> {
                    if (key.endsWith(".enabled") && !value.equals("true") && !value.equals("false")) {
                        throw Errors.config("Attribute '" + key + "' must be 'true' or 'false', not '" + value + "'");
                    }
                }
            }
            updated.put(key, value);
        }
        tg.attributes = updated;
        return writeAttributes(changes);
    }

    private static int intAttribute(String key, String value, int min, int max) throws AwsException {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw Errors.config("Attribute '" + key + "' must be an integer from " + min + " to " + max
                    + ", not '" + value + "'");
        }
        if (n < min || n > max) {
            throw Errors.config("Attribute '" + key + "' must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static Map<String, String> parseAttributes(Params p) throws AwsException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Params a : p.structs("Attributes")) {
            out.put(a.required("Key"), Optional.ofNullable(a.get("Value")).orElse(""));
        }
        return out;
    }

    private static String writeAttributes(Map<String, String> attributes) {
        Xml x = new Xml().open("Attributes");
        attributes.forEach((k, v) -> x.open("member").el("Key", k).el("Value", v).close("member"));
        return x.close("Attributes").toString();
    }

    private String writeTargetGroup(TargetGroup tg) {
        Xml x = new Xml()
                .el("TargetGroupArn", tg.arn)
                .el("TargetGroupName", tg.name)
                .el("Protocol", tg.protocol)
                .el("Port", tg.port)
                .el("VpcId", tg.vpcId)
                .el("HealthCheckProtocol", tg.healthCheckProtocol)
                .el("HealthCheckPort", tg.healthCheckPort)
                .el("HealthCheckEnabled", tg.healthCheckEnabled)
                .el("HealthCheckIntervalSeconds", tg.healthCheckIntervalSeconds)
                .el("HealthCheckTimeoutSeconds", tg.healthCheckTimeoutSeconds)
                .el("HealthyThresholdCount", tg.healthyThresholdCount)
                .el("UnhealthyThresholdCount", tg.unhealthyThresholdCount)
                .el("HealthCheckPath", tg.healthCheckPath);
        if (tg.matcher != null) {
            x.open("Matcher");
            if ("GRPC".equals(tg.protocolVersion)) {
                x.el("GrpcCode", tg.matcher);
            } else {
                x.el("HttpCode", tg.matcher);
            }
            x.close("Matcher");
        }
        x.members("LoadBalancerArns", new ArrayList<>(loadBalancersOf(tg.arn)))
                .el("TargetType", tg.targetType)
                .el("ProtocolVersion", tg.protocolVersion)
                .el("IpAddressType", tg.ipAddressType);
        return x.toString();
    }

    // ------------------------------------------------------------------ targets

    private String registerTargets(Params p) throws AwsException {
        TargetGroup tg = requireTargetGroup(p.required("TargetGroupArn"));
        List<Params> targets = p.structs("Targets");
        if (targets.isEmpty()) {
            throw Errors.validation("1 validation error detected: Value null at 'targets' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        List<String[]> parsed = new ArrayList<>();
        for (Params t : targets) {
            String id = t.required("Id");
            Integer port = t.integer("Port", 1, 65535);
            parsed.add(new String[] {id, String.valueOf(targetPort(tg, port)), t.get("AvailabilityZone")});
        }
        for (String[] t : parsed) {
            validateTargetId(tg, t[0]);
        }
        for (String[] t : parsed) {
            register(tg, t[0], Integer.parseInt(t[1]), t[2]);
        }
        return "";
    }

    private static int targetPort(TargetGroup tg, Integer port) throws AwsException {
        if (port != null) {
            return port;
        }
        if (tg.port == null) {
            throw Errors.validation("A port must be specified for targets of target group '" + tg.arn + "'");
        }
        return tg.port;
    }

    private void validateTargetId(TargetGroup tg, String id) throws AwsException {
        if (tg.targetType.equals("ip")) {
            if (!isIpLiteral(id)) {
                throw AwsException.client("InvalidTarget", "The IP address '" + id + "' is not a valid IPv4 "
                        + "address; targets of a target group with target type 'ip' are IP addresses");
            }
        } else if (!id.startsWith("i-")) {
            throw AwsException.client("InvalidTarget", "The following targets are not valid instance IDs: '" + id
                    + "'; a target group with target type 'instance' takes EC2 instance ids (i-...)");
        }
    }

    private static boolean isIpLiteral(String s) {
        if (!s.matches("[0-9.]+") && !(s.contains(":") && s.matches("[0-9A-Fa-f:.]+"))) {
            return false;
        }
        try {
            InetAddress.getByName(s);
            return !s.matches("[0-9.]+") || s.split("\\.").length == 4;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void register(TargetGroup tg, String id, int port, String az) throws AwsException {
        String key = id + ":" + port;
        Target t = tg.targets.get(key);
        if (t != null && !t.draining()) {
            return;
        }
        if (t == null && tg.targets.size() >= MAX_TARGETS_PER_GROUP) {
            throw AwsException.client("TooManyTargets", "You've reached the limit on the number of targets ("
                    + MAX_TARGETS_PER_GROUP + ") in target group '" + tg.arn + "'");
        }
        if (t == null) {
            t = new Target();
            t.id = id;
            t.port = port;
            tg.targets.put(key, t);
        }
        t.availabilityZone = az;
        t.generation++;
        t.drainUntilMillis = 0;
        t.consecutivePasses = 0;
        t.consecutiveFailures = 0;
        t.checking = false;
        t.registeredMillis = nowMillis();
        t.nextCheckMillis = t.registeredMillis + registrationTime.toMillis();
        if (inUse(tg.arn)) {
            t.set("initial", REGISTRATION_IN_PROGRESS, "Target registration is in progress");
        } else {
            setNotInUse(t);
        }
    }

    private static void setNotInUse(Target t) {
        t.set("unused", NOT_IN_USE, "Target group is not configured to receive traffic from the load balancer");
        t.consecutivePasses = 0;
        t.consecutiveFailures = 0;
    }

    private String deregisterTargets(Params p) throws AwsException {
        TargetGroup tg = requireTargetGroup(p.required("TargetGroupArn"));
        List<Params> targets = p.structs("Targets");
        if (targets.isEmpty()) {
            throw Errors.validation("1 validation error detected: Value null at 'targets' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        List<Target> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Params t : targets) {
            String id = t.required("Id");
            int port = targetPort(tg, t.integer("Port", 1, 65535));
            Target target = tg.targets.get(id + ":" + port);
            if (target == null) {
                missing.add("Id: " + id + ", Port: " + port);
            } else {
                found.add(target);
            }
        }
        if (!missing.isEmpty()) {
            throw AwsException.client("InvalidTarget", "The following targets are not registered in target group '"
                    + tg.arn + "': " + missing);
        }
        for (Target t : found) {
            deregister(tg, t);
        }
        return "";
    }

    private void deregister(TargetGroup tg, Target t) {
        if (t.draining()) {
            return;
        }
        t.generation++;
        t.checking = false;
        t.drainUntilMillis = nowMillis() + tg.deregistrationDelaySeconds() * 1000L;
        if (t.drainUntilMillis == 0) {
            t.drainUntilMillis = 1;
        }
        t.set("draining", DEREGISTRATION_IN_PROGRESS, "Target deregistration is in progress");
    }

    private String describeTargetHealth(Params p) throws AwsException {
        TargetGroup tg = requireTargetGroup(p.required("TargetGroupArn"));
        expireDrained(tg, nowMillis());
        List<Params> requested = p.structs("Targets");
        Xml x = new Xml().open("TargetHealthDescriptions");
        if (requested.isEmpty()) {
            for (Target t : tg.targets.values()) {
                writeTargetHealth(x, tg, t.id, t.port, t.availabilityZone, t);
            }
        } else {
            for (Params r : requested) {
                String id = r.required("Id");
                int port = targetPort(tg, r.integer("Port", 1, 65535));
                Target t = tg.targets.get(id + ":" + port);
                writeTargetHealth(x, tg, id, port, r.get("AvailabilityZone"), t);
            }
        }
        return x.close("TargetHealthDescriptions").toString();
    }

    private static void writeTargetHealth(Xml x, TargetGroup tg, String id, int port, String az, Target t) {
        TargetHealth h = healthOf(t);
        x.open("member").open("Target").el("Id", id).el("Port", port).el("AvailabilityZone", az).close("Target")
                .el("HealthCheckPort", "traffic-port".equals(tg.healthCheckPort) ? String.valueOf(port)
                        : tg.healthCheckPort)
                .open("TargetHealth").el("State", h.state()).el("Reason", h.reason())
                .el("Description", h.description()).close("TargetHealth").close("member");
    }

    private static TargetHealth healthOf(Target t) {
        if (t == null) {
            return new TargetHealth("unused", NOT_REGISTERED, "Target is not registered to the target group");
        }
        if ("healthy".equals(t.state)) {
            return new TargetHealth("healthy", null, null);
        }
        return new TargetHealth(t.state, t.reason, t.description);
    }

    // ------------------------------------------------------------------ listeners

    private String createListener(Params p) throws AwsException {
        LoadBalancer lb = loadBalancer(p.required("LoadBalancerArn"));
        String protocol = p.get("Protocol");
        Errors.oneOf(protocol, "protocol", PROTOCOLS);
        List<String> allowed = lb.application() ? ALB_PROTOCOLS : NLB_PROTOCOLS;
        if (protocol == null) {
            throw Errors.validation("A listener protocol must be specified; one of " + allowed);
        }
        if (!allowed.contains(protocol)) {
            throw Errors.validation("Listener protocol '" + protocol + "' must be one of '"
                    + String.join(", ", allowed) + "'");
        }
        Integer port = p.integer("Port", 1, 65535);
        if (port == null) {
            throw Errors.validation("A listener port must be specified");
        }
        List<String> certificates = new ArrayList<>();
        for (Params c : p.structs("Certificates")) {
            certificates.add(c.required("CertificateArn"));
        }
        if ((protocol.equals("HTTPS") || protocol.equals("TLS")) && certificates.isEmpty()) {
            throw AwsException.client("CertificateNotFound", "A certificate must be specified for " + protocol
                    + " listeners");
        }
        List<Listener> existing = listenersOf(lb.arn);
        for (Listener l : existing) {
            if (l.port == port) {
                if (l.protocol.equals(protocol)) {
                    // CreateListener is idempotent for identical settings; AWS answers the existing listener.
                    List<Action> actions = parseActions(p.structs("DefaultActions"), lb, protocol, "defaultActions");
                    if (sameActions(actions, l.defaultActions)) {
                        return "<Listeners><member>" + writeListener(l) + "</member></Listeners>";
                    }
                }
                throw AwsException.client("DuplicateListener",
                        "A listener already exists on this port for this load balancer '" + lb.arn + "'");
            }
        }
        if (existing.size() >= MAX_LISTENERS_PER_LOAD_BALANCER) {
            throw AwsException.client("TooManyListeners", "You've reached the limit on the number of listeners ("
                    + MAX_LISTENERS_PER_LOAD_BALANCER + ") per load balancer");
        }
        List<Action> actions = parseActions(p.structs("DefaultActions"), lb, protocol, "defaultActions");
        Map<String, String> tags = parseTags(p);
        Listener l = new Listener();
        String lbPath = lb.arn.substring(lb.arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
        String id = hex16();
        l.arn = lb.arn.substring(0, lb.arn.indexOf(":loadbalancer/")) + ":listener/" + lbPath + "/" + id;
        l.defaultRuleArn = lb.arn.substring(0, lb.arn.indexOf(":loadbalancer/")) + ":listener-rule/" + lbPath + "/"
                + id + "/" + hex16();
        l.loadBalancerArn = lb.arn;
        l.protocol = protocol;
        l.port = port;
        l.certificates = certificates;
        l.sslPolicy = certificates.isEmpty() ? null
                : Optional.ofNullable(p.get("SslPolicy")).orElse("ELBSecurityPolicy-2016-08");
        l.alpnPolicy = p.strings("AlpnPolicy");
        l.defaultActions = actions;
        state.listeners.add(l);
        if (!tags.isEmpty()) {
            state.tags.put(l.arn, tags);
        }
        return "<Listeners><member>" + writeListener(l) + "</member></Listeners>";
    }

    private boolean sameActions(List<Action> a, List<Action> b) {
        return json.valueToTree(a).equals(json.valueToTree(b));
    }

    private String describeListeners(Params p) throws AwsException {
        String lbArn = p.get("LoadBalancerArn");
        List<String> arns = p.strings("ListenerArns");
        List<Listener> found = new ArrayList<>();
        if (lbArn != null) {
            loadBalancer(lbArn);
            found.addAll(listenersOf(lbArn));
        } else if (!arns.isEmpty()) {
            for (String arn : arns) {
                found.add(listener(arn));
            }
        } else {
            throw Errors.validation("You must specify either listener ARNs or a load balancer ARN");
        }
        Page<Listener> page = page(found, p);
        StringBuilder sb = new StringBuilder("<Listeners>");
        for (Listener l : page.items) {
            sb.append("<member>").append(writeListener(l)).append("</member>");
        }
        return sb.append("</Listeners>") + page.marker();
    }

    private String modifyListener(Params p) throws AwsException {
        Listener l = listener(p.required("ListenerArn"));
        LoadBalancer lb = loadBalancer(l.loadBalancerArn);
        String protocol = Optional.ofNullable(p.get("Protocol")).orElse(l.protocol);
        Errors.oneOf(protocol, "protocol", PROTOCOLS);
        List<String> allowed = lb.application() ? ALB_PROTOCOLS : NLB_PROTOCOLS;
        if (!allowed.contains(protocol)) {
            throw Errors.validation("Listener protocol '" + protocol + "' must be one of '"
                    + String.join(", ", allowed) + "'");
        }
        Integer port = p.integer("Port", 1, 65535);
        if (port != null && port != l.port) {
            for (Listener other : listenersOf(lb.arn)) {
                if (other != l && other.port == port) {
                    throw AwsException.client("DuplicateListener",
                            "A listener already exists on this port for this load balancer '" + lb.arn + "'");
                }
            }
        }
        List<String> certificates = new ArrayList<>();
        for (Params c : p.structs("Certificates")) {
            certificates.add(c.required("CertificateArn"));
        }
        if (certificates.isEmpty()) {
            certificates = l.certificates;
        }
        if ((protocol.equals("HTTPS") || protocol.equals("TLS")) && certificates.isEmpty()) {
            throw AwsException.client("CertificateNotFound", "A certificate must be specified for " + protocol
                    + " listeners");
        }
        List<Action> actions = p.has("DefaultActions")
                ? parseActions(p.structs("DefaultActions"), lb, protocol, "defaultActions") : l.defaultActions;
        l.protocol = protocol;
        if (port != null) {
            l.port = port;
        }
        l.certificates = (protocol.equals("HTTPS") || protocol.equals("TLS")) ? certificates : new ArrayList<>();
        l.sslPolicy = l.certificates.isEmpty() ? null
                : Optional.ofNullable(p.get("SslPolicy")).orElse(Optional.ofNullable(l.sslPolicy)
                        .orElse("ELBSecurityPolicy-2016-08"));
        l.defaultActions = actions;
        return "<Listeners><member>" + writeListener(l) + "</member></Listeners>";
    }

    private String deleteListener(Params p) throws AwsException {
        removeListener(listener(p.required("ListenerArn")));
        return "";
    }

    private void removeListener(Listener l) {
        state.rules.removeIf(r -> {
            if (r.listenerArn.equals(l.arn)) {
                state.tags.remove(r.arn);
                return true;
            }
            return false;
        });
        state.listeners.remove(l);
        state.tags.remove(l.arn);
    }

    private String writeListener(Listener l) {
        Xml x = new Xml().el("ListenerArn", l.arn).el("LoadBalancerArn", l.loadBalancerArn).el("Port", l.port)
                .el("Protocol", l.protocol);
        if (!l.certificates.isEmpty()) {
            x.open("Certificates");
            for (String c : l.certificates) {
                x.open("member").el("CertificateArn", c).close("member");
            }
            x.close("Certificates");
        }
        x.el("SslPolicy", l.sslPolicy);
        writeActions(x, "DefaultActions", l.defaultActions);
        if (!l.alpnPolicy.isEmpty()) {
            x.members("AlpnPolicy", l.alpnPolicy);
        }
        return x.toString();
    }

    // ------------------------------------------------------------------ actions

    private List<Action> parseActions(List<Params> list, LoadBalancer lb, String listenerProtocol, String member)
            throws AwsException {
        if (list.isEmpty()) {
            throw Errors.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        List<Action> actions = new ArrayList<>();
        int terminal = 0;
        for (Params a : list) {
            Action action = parseAction(a, lb, listenerProtocol);
            if (!action.type.startsWith("authenticate-")) {
                terminal++;
            }
            actions.add(action);
        }
        if (terminal != 1) {
            throw AwsException.client("InvalidLoadBalancerAction", "Exactly one of the actions must be a forward, "
                    + "redirect or fixed-response action, and it must come last; found " + terminal);
        }
        actions.sort(Comparator.comparing(act -> act.order == null ? Integer.MAX_VALUE : act.order));
        Set<String> groups = new LinkedHashSet<>();
        for (Action act : actions) {
            for (WeightedGroup g : act.targetGroups) {
                groups.add(g.targetGroupArn);
            }
        }
        for (String tgArn : groups) {
            TargetGroup tg = requireTargetGroup(tgArn);
            if (lb.application() != ALB_PROTOCOLS.contains(tg.protocol)) {
                throw AwsException.client("IncompatibleProtocols", "The target group '" + tgArn + "' uses protocol "
                        + tg.protocol + ", which is incompatible with a load balancer of type '" + lb.type + "'");
            }
            Set<String> others = new HashSet<>(loadBalancersOf(tgArn));
            others.remove(lb.arn);
            if (!others.isEmpty()) {
                throw AwsException.client("TargetGroupAssociationLimit",
                        "The following target groups cannot be associated with more than one load balancer: "
                                + tgArn);
            }
        }
        return actions;
    }

    private Action parseAction(Params a, LoadBalancer lb, String listenerProtocol) throws AwsException {
        Action action = new Action();
        action.type = a.required("Type");
        Errors.oneOf(action.type, a.member("Type"), ACTION_TYPES);
        action.order = a.integer("Order", 1, 50000);
        switch (action.type) {
            case "forward" -> {
                String single = a.get("TargetGroupArn");
                List<Params> tuples = a.struct("ForwardConfig").structs("TargetGroups");
                if (single == null && tuples.isEmpty()) {
                    throw Errors.validation("A target group ARN must be specified for a forward action");
                }
                if (tuples.isEmpty()) {
                    action.targetGroups.add(new WeightedGroup(single, 1));
                    action.singleTargetGroupArn = true;
                } else {
                    int max = lb.application() ? 5 : 1;
                    if (tuples.size() > max) {
                        throw AwsException.client("TooManyTargetGroups", "A forward action on a load balancer of "
                                + "type '" + lb.type + "' can have at most " + max + " target groups");
                    }
                    Set<String> seen = new HashSet<>();
                    for (Params t : tuples) {
                        String arn = t.required("TargetGroupArn");
                        Integer weight = t.integer("Weight", 0, 999);
                        if (!seen.add(arn)) {
                            throw AwsException.client("InvalidLoadBalancerAction",
                                    "Target group '" + arn + "' appears more than once in a forward action");
                        }
                        action.targetGroups.add(new WeightedGroup(arn, weight == null ? 1 : weight));
                    }
                    if (single != null) {
                        if (tuples.size() != 1 || !action.targetGroups.get(0).targetGroupArn.equals(single)) {
                            throw AwsException.client("InvalidLoadBalancerAction", "When both TargetGroupArn and "
                                    + "ForwardConfig are given, ForwardConfig must name only that target group");
                        }
                    }
                    action.singleTargetGroupArn = action.targetGroups.size() == 1;
                    Params sticky = a.struct("ForwardConfig").struct("TargetGroupStickinessConfig");
                    action.stickinessEnabled = sticky.bool("Enabled");
                    action.stickinessDurationSeconds = sticky.integer("DurationSeconds", 1, 604800);
                }
            }
            case "fixed-response" -> {
                requireApplication(lb, action.type);
                Params f = a.struct("FixedResponseConfig");
                action.fixedStatusCode = f.required("StatusCode");
                if (!action.fixedStatusCode.matches("[245]\\d\\d")) {
                    throw Errors.constraint(action.fixedStatusCode, f.member("StatusCode"),
                            "Member must satisfy regular expression pattern: ^(2|4|5)\\d\\d$");
                }
                action.fixedContentType = f.get("ContentType");
                Errors.oneOf(action.fixedContentType, f.member("ContentType"), CONTENT_TYPES);
                action.fixedMessageBody = f.get("MessageBody");
                if (action.fixedMessageBody != null && action.fixedMessageBody.length() > 1024) {
                    throw Errors.constraint("...", f.member("MessageBody"),
                            "Member must have length less than or equal to 1024");
                }
            }
            case "redirect" -> {
                requireApplication(lb, action.type);
                Params r = a.struct("RedirectConfig");
                action.redirectStatusCode = r.required("StatusCode");
                Errors.oneOf(action.redirectStatusCode, r.member("StatusCode"), List.of("HTTP_301", "HTTP_302"));
                action.redirectProtocol = r.get("Protocol");
                if (action.redirectProtocol != null
                        && !List.of("HTTP", "HTTPS", "#{protocol}").contains(action.redirectProtocol)) {
                    throw Errors.constraint(action.redirectProtocol, r.member("Protocol"),
                            "Member must satisfy regular expression pattern: ^(HTTPS?|#\\{protocol\\})$");
                }
                action.redirectPort = r.get("Port");
                action.redirectHost = r.get("Host");
                action.redirectPath = r.get("Path");
                if (action.redirectPath != null && !action.redirectPath.startsWith("/")) {
                    throw AwsException.client("InvalidLoadBalancerAction",
                            "The redirect path '" + action.redirectPath + "' must start with a '/'");
                }
                action.redirectQuery = r.get("Query");
            }
            default -> throw AwsException.client("InvalidLoadBalancerAction", "Action type '" + action.type
                    + "' is supported only on HTTPS listeners" + ("HTTPS".equals(listenerProtocol)
                            ? ", and authentication is not provided by local-cloud" : ""));
        }
        return action;
    }

    private static void requireApplication(LoadBalancer lb, String type) throws AwsException {
        if (!lb.application()) {
            throw AwsException.client("InvalidLoadBalancerAction", "Action type '" + type
                    + "' is supported only on application load balancers");
        }
    }

    private static void writeActions(Xml x, String element, List<Action> actions) {
        x.open(element);
        int order = 1;
        for (Action a : actions) {
            x.open("member").el("Type", a.type);
            if (a.type.equals("forward")) {
                if (a.singleTargetGroupArn) {
                    x.el("TargetGroupArn", a.targetGroups.get(0).targetGroupArn);
                }
                x.open("ForwardConfig").open("TargetGroups");
                for (WeightedGroup g : a.targetGroups) {
                    x.open("member").el("TargetGroupArn", g.targetGroupArn).el("Weight", g.weight).close("member");
                }
                x.close("TargetGroups").open("TargetGroupStickinessConfig")
                        .el("Enabled", a.stickinessEnabled != null && a.stickinessEnabled)
                        .el("DurationSeconds", a.stickinessDurationSeconds)
                        .close("TargetGroupStickinessConfig").close("ForwardConfig");
            } else if (a.type.equals("fixed-response")) {
                x.open("FixedResponseConfig").el("MessageBody", a.fixedMessageBody)
                        .el("StatusCode", a.fixedStatusCode).el("ContentType", a.fixedContentType)
                        .close("FixedResponseConfig");
            } else if (a.type.equals("redirect")) {
                x.open("RedirectConfig")
                        .el("Protocol", Optional.ofNullable(a.redirectProtocol).orElse("#{protocol}"))
                        .el("Port", Optional.ofNullable(a.redirectPort).orElse("#{port}"))
                        .el("Host", Optional.ofNullable(a.redirectHost).orElse("#{host}"))
                        .el("Path", Optional.ofNullable(a.redirectPath).orElse("/#{path}"))
                        .el("Query", Optional.ofNullable(a.redirectQuery).orElse("#{query}"))
                        .el("StatusCode", a.redirectStatusCode).close("RedirectConfig");
            }
            x.el("Order", a.order != null ? a.order : actions.size() > 1 ? order : null);
            x.close("member");
            order++;
        }
        x.close(element);
    }

    // ------------------------------------------------------------------ rules

    private String createRule(Params p) throws AwsException {
        Listener l = listener(p.required("ListenerArn"));
        LoadBalancer lb = loadBalancer(l.loadBalancerArn);
        if (!lb.application()) {
            throw Errors.config("Rules can only be added to listeners of application load balancers");
        }
        String priorityText = p.get("Priority");
        if (priorityText == null) {
            throw Errors.validation("1 validation error detected: Value null at 'priority' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        int priority = p.integer("Priority", 1, 50000);
        List<Condition> conditions = parseConditions(p.structs("Conditions"));
        List<Action> actions = parseActions(p.structs("Actions"), lb, l.protocol, "actions");
        for (Rule r : state.rules) {
            if (r.listenerArn.equals(l.arn) && r.priority == priority) {
                throw AwsException.client("PriorityInUse", "Priority '" + priority + "' is currently in use");
            }
        }
        long rulesOnLb = state.rules.stream().filter(r -> listenerOf(r).loadBalancerArn.equals(lb.arn)).count();
        if (rulesOnLb >= MAX_RULES_PER_LOAD_BALANCER) {
            throw AwsException.client("TooManyRules", "You've reached the limit on the number of rules ("
                    + MAX_RULES_PER_LOAD_BALANCER + ") per load balancer");
        }
        Map<String, String> tags = parseTags(p);
        Rule r = new Rule();
        String listenerPath = l.arn.substring(l.arn.indexOf(":listener/") + ":listener/".length());
        r.arn = l.arn.substring(0, l.arn.indexOf(":listener/")) + ":listener-rule/" + listenerPath + "/" + hex16();
        r.listenerArn = l.arn;
        r.priority = priority;
        r.conditions = conditions;
        r.actions = actions;
        state.rules.add(r);
        if (!tags.isEmpty()) {
            state.tags.put(r.arn, tags);
        }
        return "<Rules><member>" + writeRule(r) + "</member></Rules>";
    }

    private List<Condition> parseConditions(List<Params> list) throws AwsException {
        List<Condition> out = new ArrayList<>();
        Set<String> singles = new HashSet<>();
        int totalValues = 0;
        int wildcards = 0;
        for (Params c : list) {
            Condition cond = new Condition();
            cond.field = c.required("Field");
            if (!CONDITION_FIELDS.contains(cond.field)) {
                throw Errors.validation("Condition field '" + cond.field + "' must be one of '"
                        + String.join(", ", CONDITION_FIELDS) + "'");
            }
            List<String> legacy = c.strings("Values");
            switch (cond.field) {
                case "host-header", "path-pattern" -> {
                    String config = cond.field.equals("host-header") ? "HostHeaderConfig" : "PathPatternConfig";
                    List<String> values = c.struct(config).strings("Values");
                    if (!values.isEmpty() && !legacy.isEmpty()) {
                        throw Errors.validation("Specify either 'Values' or '" + config + "' for condition '"
                                + cond.field + "', not both");
                    }
                    cond.legacyValues = values.isEmpty();
                    cond.values = values.isEmpty() ? legacy : values;
                    for (String v : cond.values) {
                        if (v.isEmpty() || v.length() > 128) {
                            throw Errors.validation("Condition value '" + v + "' of '" + cond.field
                                    + "' must be 1 to 128 characters long");
                        }
                    }
                }
                case "http-header" -> {
                    Params h = c.struct("HttpHeaderConfig");
                    cond.httpHeaderName = h.required("HttpHeaderName");
                    if (!cond.httpHeaderName.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}")) {
                        throw Errors.validation("HTTP header name '" + cond.httpHeaderName + "' is not valid");
                    }
                    cond.values = h.strings("Values");
                }
                case "http-request-method" -> {
                    cond.values = c.struct("HttpRequestMethodConfig").strings("Values");
                    for (String v : cond.values) {
                        if (!v.matches("[A-Z_-]{1,40}")) {
                            throw Errors.validation("HTTP request method '" + v
                                    + "' must be upper-case letters, '-' or '_' (at most 40)");
                        }
                    }
                }
                case "query-string" -> {
                    for (Params kv : c.struct("QueryStringConfig").structs("Values")) {
                        cond.queryPairs.add(new String[] {kv.get("Key"), kv.required("Value")});
                        cond.values.add((kv.get("Key") == null ? "" : kv.get("Key")) + "=" + kv.get("Value"));
                    }
                }
                case "source-ip" -> {
                    cond.values = c.struct("SourceIpConfig").strings("Values");
                    for (String v : cond.values) {
                        if (!Matching.validCidr(v)) {
                            throw Errors.validation("Source IP '" + v + "' must be a CIDR block such as 10.0.0.0/16");
                        }
                    }
                }
                default -> throw new IllegalStateException(cond.field);
            }
            if (cond.values.isEmpty()) {
                throw Errors.validation("A condition of field '" + cond.field + "' needs at least one value");
            }
            if (!cond.field.equals("http-header") && !cond.field.equals("query-string") && !singles.add(cond.field)) {
                throw Errors.config("A rule can have at most one '" + cond.field + "' condition");
            }
            totalValues += cond.values.size();
            for (String v : cond.values) {
                wildcards += Matching.wildcards(v);
            }
            out.add(cond);
        }
        if (totalValues > 5) {
            throw Errors.config("A rule can have at most 5 condition values (match evaluations), not " + totalValues);
        }
        if (wildcards > 5) {
            throw Errors.config("A rule can have at most 5 wildcards ('*' or '?') in its conditions, not "
                    + wildcards);
        }
        for (Condition c : out) {
            if (c.values.size() > 3 && !c.field.equals("source-ip")) {
                throw Errors.config("A '" + c.field + "' condition can have at most 3 values, not "
                        + c.values.size());
            }
        }
        return out;
    }

    private String describeRules(Params p) throws AwsException {
        String listenerArn = p.get("ListenerArn");
        List<String> arns = p.strings("RuleArns");
        List<Object> found = new ArrayList<>();
        if (listenerArn != null) {
            Listener l = listener(listenerArn);
            found.addAll(rulesOf(l.arn));
            found.add(l);
        } else if (!arns.isEmpty()) {
            for (String arn : arns) {
                Listener defaultOf = null;
                for (Listener l : state.listeners) {
                    if (l.defaultRuleArn.equals(arn)) {
                        defaultOf = l;
                    }
                }
                found.add(defaultOf != null ? defaultOf : rule(arn));
            }
        } else {
            throw Errors.validation("You must specify either listener ARN or rule ARNs");
        }
        Page<Object> page = page(found, p);
        StringBuilder sb = new StringBuilder("<Rules>");
        for (Object o : page.items) {
            sb.append("<member>").append(o instanceof Rule r ? writeRule(r) : writeDefaultRule((Listener) o))
                    .append("</member>");
        }
        return sb.append("</Rules>") + page.marker();
    }

    private String modifyRule(Params p) throws AwsException {
        String arn = p.required("RuleArn");
        for (Listener l : state.listeners) {
            if (l.defaultRuleArn.equals(arn)) {
                if (p.has("Conditions")) {
                    throw AwsException.client("OperationNotPermitted", "The conditions of a default rule cannot be "
                            + "modified");
                }
                if (p.has("Actions")) {
                    l.defaultActions = parseActions(p.structs("Actions"), loadBalancer(l.loadBalancerArn),
                            l.protocol, "actions");
                }
                return "<Rules><member>" + writeDefaultRule(l) + "</member></Rules>";
            }
        }
        Rule r = rule(arn);
        Listener l = listenerOf(r);
        List<Condition> conditions = p.has("Conditions") ? parseConditions(p.structs("Conditions")) : r.conditions;
        List<Action> actions = p.has("Actions")
                ? parseActions(p.structs("Actions"), loadBalancer(l.loadBalancerArn), l.protocol, "actions")
                : r.actions;
        r.conditions = conditions;
        r.actions = actions;
        return "<Rules><member>" + writeRule(r) + "</member></Rules>";
    }

    private String deleteRule(Params p) throws AwsException {
        String arn = p.required("RuleArn");
        for (Listener l : state.listeners) {
            if (l.defaultRuleArn.equals(arn)) {
                throw AwsException.client("OperationNotPermitted", "A default rule cannot be deleted; delete the "
                        + "listener instead");
            }
        }
        Rule r = rule(arn);
        state.rules.remove(r);
        state.tags.remove(arn);
        return "";
    }

    private String setRulePriorities(Params p) throws AwsException {
        List<Params> pairs = p.structs("RulePriorities");
        if (pairs.isEmpty()) {
            throw Errors.validation("1 validation error detected: Value null at 'rulePriorities' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        Map<Rule, Integer> changes = new LinkedHashMap<>();
        for (Params pair : pairs) {
            String arn = pair.required("RuleArn");
            for (Listener l : state.listeners) {
                if (l.defaultRuleArn.equals(arn)) {
                    throw AwsException.client("OperationNotPermitted", "The priority of a default rule cannot be "
                            + "changed");
                }
            }
            Integer priority = pair.integer("Priority", 1, 50000);
            if (priority == null) {
                throw Errors.validation("A priority must be given for rule '" + arn + "'");
            }
            changes.put(rule(arn), priority);
        }
        Map<String, Set<Integer>> taken = new HashMap<>();
        for (Rule r : state.rules) {
            if (!changes.containsKey(r)) {
                taken.computeIfAbsent(r.listenerArn, k -> new HashSet<>()).add(r.priority);
            }
        }
        for (Map.Entry<Rule, Integer> e : changes.entrySet()) {
            if (!taken.computeIfAbsent(e.getKey().listenerArn, k -> new HashSet<>()).add(e.getValue())) {
                throw AwsException.client("PriorityInUse", "Priority '" + e.getValue() + "' is currently in use");
            }
        }
        StringBuilder sb = new StringBuilder("<Rules>");
        for (Map.Entry<Rule, Integer> e : changes.entrySet()) {
            e.getKey().priority = e.getValue();
            sb.append("<member>").append(writeRule(e.getKey())).append("</member>");
        }
        return sb.append("</Rules>").toString();
    }

    private String writeRule(Rule r) {
        Xml x = new Xml().el("RuleArn", r.arn).el("Priority", String.valueOf(r.priority)).open("Conditions");
        for (Condition c : r.conditions) {
            x.open("member").el("Field", c.field);
            switch (c.field) {
                case "host-header" -> x.members("Values", c.legacyValues ? c.values : null)
                        .open("HostHeaderConfig").members("Values", c.values).close("HostHeaderConfig");
                case "path-pattern" -> x.members("Values", c.legacyValues ? c.values : null)
                        .open("PathPatternConfig").members("Values", c.values).close("PathPatternConfig");
                case "http-header" -> x.open("HttpHeaderConfig").el("HttpHeaderName", c.httpHeaderName)
                        .members("Values", c.values).close("HttpHeaderConfig");
                case "http-request-method" -> x.open("HttpRequestMethodConfig").members("Values", c.values)
                        .close("HttpRequestMethodConfig");
                case "query-string" -> {
                    x.open("QueryStringConfig").open("Values");
                    for (String[] kv : c.queryPairs) {
                        x.open("member").el("Key", kv[0]).el("Value", kv[1]).close("member");
                    }
                    x.close("Values").close("QueryStringConfig");
                }
                case "source-ip" -> x.open("SourceIpConfig").members("Values", c.values).close("SourceIpConfig");
                default -> {
                }
            }
            x.close("member");
        }
        x.close("Conditions");
        writeActions(x, "Actions", r.actions);
        x.el("IsDefault", false);
        return x.toString();
    }

    private String writeDefaultRule(Listener l) {
        Xml x = new Xml().el("RuleArn", l.defaultRuleArn).el("Priority", "default").open("Conditions")
                .close("Conditions");
        writeActions(x, "Actions", l.defaultActions);
        x.el("IsDefault", true);
        return x.toString();
    }

    // ------------------------------------------------------------------ tags

    private static Map<String, String> parseTags(Params p) throws AwsException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Params t : p.structs("Tags")) {
            String key = t.required("Key");
            if (key.length() > 128) {
                throw Errors.constraint(key, t.member("Key"), "Member must have length less than or equal to 128");
            }
            if (tags.put(key, Optional.ofNullable(t.get("Value")).orElse("")) != null) {
                throw AwsException.client("DuplicateTagKeys", "Tag key '" + key + "' is given more than once");
            }
        }
        if (tags.size() > 50) {
            throw AwsException.client("TooManyTags", "A resource can have at most 50 tags, not " + tags.size());
        }
        return tags;
    }

    private void requireResource(String arn) throws AwsException {
        if (arn.contains(":loadbalancer/")) {
            loadBalancer(arn);
        } else if (arn.contains(":targetgroup/")) {
            requireTargetGroup(arn);
        } else if (arn.contains(":listener/")) {
            listener(arn);
        } else if (arn.contains(":listener-rule/")) {
            boolean isDefault = state.listeners.stream().anyMatch(l -> l.defaultRuleArn.equals(arn));
            if (!isDefault) {
                rule(arn);
            }
        } else {
            throw Errors.validation("'" + arn + "' is not a valid Elastic Load Balancing resource ARN");
        }
    }

    private String addTags(Params p) throws AwsException {
        List<String> arns = p.strings("ResourceArns");
        Map<String, String> tags = parseTags(p);
        if (arns.isEmpty() || tags.isEmpty()) {
            throw Errors.validation("ResourceArns and Tags must both be given");
        }
        for (String arn : arns) {
            requireResource(arn);
        }
        for (String arn : arns) {
            Map<String, String> merged = new LinkedHashMap<>(state.tags.getOrDefault(arn, Map.of()));
            merged.putAll(tags);
            if (merged.size() > 50) {
                throw AwsException.client("TooManyTags", "Resource '" + arn + "' would have more than 50 tags");
            }
            state.tags.put(arn, merged);
        }
        return "";
    }

    private String removeTags(Params p) throws AwsException {
        List<String> arns = p.strings("ResourceArns");
        List<String> keys = p.strings("TagKeys");
        for (String arn : arns) {
            requireResource(arn);
        }
        for (String arn : arns) {
            Map<String, String> tags = state.tags.get(arn);
            if (tags != null) {
                keys.forEach(tags::remove);
            }
        }
        return "";
    }

    private String describeTags(Params p) throws AwsException {
        List<String> arns = p.strings("ResourceArns");
        if (arns.isEmpty()) {
            throw Errors.validation("1 validation error detected: Value null at 'resourceArns' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (arns.size() > 20) {
            throw Errors.validation("DescribeTags takes at most 20 resource ARNs, not " + arns.size());
        }
        Xml x = new Xml().open("TagDescriptions");
        for (String arn : arns) {
            requireResource(arn);
            x.open("member").el("ResourceArn", arn).open("Tags");
            state.tags.getOrDefault(arn, Map.of())
                    .forEach((k, v) -> x.open("member").el("Key", k).el("Value", v).close("member"));
            x.close("Tags").close("member");
        }
        return x.close("TagDescriptions").toString();
    }

    // ------------------------------------------------------------------ lookups

    private LoadBalancer findLoadBalancer(String arn) {
        for (LoadBalancer lb : state.loadBalancers) {
            if (lb.arn.equals(arn)) {
                return lb;
            }
        }
        return null;
    }

    private LoadBalancer loadBalancer(String arn) throws AwsException {
        LoadBalancer lb = findLoadBalancer(arn);
        if (lb == null) {
            throw Errors.loadBalancerNotFound("'" + arn + "'");
        }
        return lb;
    }

    private LoadBalancer findLoadBalancerByName(RequestContext ctx, String name) {
        for (LoadBalancer lb : state.loadBalancers) {
            if (lb.name.equals(name) && inScope(lb.arn, ctx)) {
                return lb;
            }
        }
        return null;
    }

    private TargetGroup findTargetGroup(String arn) {
        for (TargetGroup tg : state.targetGroups) {
            if (tg.arn.equals(arn)) {
                return tg;
            }
        }
        return null;
    }

    private TargetGroup requireTargetGroup(String arn) throws AwsException {
        TargetGroup tg = findTargetGroup(arn);
        if (tg == null) {
            throw Errors.targetGroupNotFound("'" + arn + "'");
        }
        return tg;
    }

    private TargetGroup findTargetGroupByName(RequestContext ctx, String name) {
        for (TargetGroup tg : state.targetGroups) {
            if (tg.name.equals(name) && inScope(tg.arn, ctx)) {
                return tg;
            }
        }
        return null;
    }

    private Listener listener(String arn) throws AwsException {
        for (Listener l : state.listeners) {
            if (l.arn.equals(arn)) {
                return l;
            }
        }
        throw Errors.listenerNotFound("'" + arn + "'");
    }

    private Listener listenerOf(Rule r) {
        for (Listener l : state.listeners) {
            if (l.arn.equals(r.listenerArn)) {
                return l;
            }
        }
        throw new IllegalStateException("rule without listener: " + r.arn);
    }

    private Rule rule(String arn) throws AwsException {
        for (Rule r : state.rules) {
            if (r.arn.equals(arn)) {
                return r;
            }
        }
        throw Errors.ruleNotFound("'" + arn + "'");
    }

    private List<Listener> listenersOf(String lbArn) {
        List<Listener> out = new ArrayList<>();
        for (Listener l : state.listeners) {
            if (l.loadBalancerArn.equals(lbArn)) {
                out.add(l);
            }
        }
        return out;
    }

    private List<Rule> rulesOf(String listenerArn) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : state.rules) {
            if (r.listenerArn.equals(listenerArn)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingInt(r -> r.priority));
        return out;
    }

    /** Load balancers whose listeners or rules forward to the target group. */
    private Set<String> loadBalancersOf(String tgArn) {
        Set<String> out = new LinkedHashSet<>();
        for (Listener l : state.listeners) {
            if (references(l.defaultActions, tgArn)) {
                out.add(l.loadBalancerArn);
            }
        }
        for (Rule r : state.rules) {
            if (references(r.actions, tgArn)) {
                out.add(listenerOf(r).loadBalancerArn);
            }
        }
        return out;
    }

    private static boolean references(List<Action> actions, String tgArn) {
        for (Action a : actions) {
            for (WeightedGroup g : a.targetGroups) {
                if (g.targetGroupArn.equals(tgArn)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean inUse(String tgArn) {
        return !loadBalancersOf(tgArn).isEmpty();
    }

    private static boolean inScope(String arn, RequestContext ctx) {
        return arnPart(arn, 3).equals(ctx.region()) && arnPart(arn, 4).equals(ctx.accountId());
    }

    private static String arnPart(String arn, int index) {
        String[] parts = arn.split(":", 6);
        return parts.length > index ? parts[index] : "";
    }

    private static void validateName(String name, String what) throws AwsException {
        if (name.length() > 32) {
            throw Errors.validation(what + " name '" + name + "' cannot be longer than '32' characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw Errors.validation(what + " name '" + name + "' can only contain characters that are "
                    + "alphanumeric characters or hyphens(-)");
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            throw Errors.validation(what + " name '" + name + "' cannot begin or end with '-'");
        }
    }

    private record Page<T>(List<T> items, String next) {
        String marker() {
            return next == null ? "" : "<NextMarker>" + next + "</NextMarker>";
        }
    }

    private static <T> Page<T> page(List<T> all, Params p) throws AwsException {
        Integer size = p.integer("PageSize", 1, 400);
        String marker = p.get("Marker");
        int from = 0;
        if (marker != null && !marker.isEmpty()) {
            try {
                from = Integer.parseInt(marker);
            } catch (NumberFormatException e) {
                throw Errors.validation("Marker '" + marker + "' is not valid; pass the NextMarker of a previous "
                        + "response");
            }
        }
        from = Math.min(Math.max(from, 0), all.size());
        int to = size == null ? all.size() : Math.min(all.size(), from + size);
        return new Page<>(all.subList(from, to), to < all.size() ? String.valueOf(to) : null);
    }

    private static String hex16() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    private long nowMillis() {
        return clock.now().toEpochMilli();
    }

    // ------------------------------------------------------------------ health checks

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // keep the scheduler alive; a broken tick must not stop all health checking
        }
    }

    /** One pass: expire drained targets, move registrations on, start the checks that are due. */
    void tick() {
        long now = nowMillis();
        List<Runnable> starts;
        synchronized (this) {
            starts = advance(now, true);
        }
        starts.forEach(Runnable::run);
    }

    /**
     * Moves targets on at {@code now}: drained ones leave, groups that gained or lost their last listener
     * move their targets between {@code unused/Target.NotInUse} and registration, registrations complete;
     * with {@code startChecks}, returns the health checks that are due (to be started outside the lock).
     */
    private List<Runnable> advance(long now, boolean startChecks) {
        List<Runnable> starts = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Listener l : state.listeners) {
            l.defaultActions.forEach(a -> a.targetGroups.forEach(g -> used.add(g.targetGroupArn)));
        }
        for (Rule r : state.rules) {
            r.actions.forEach(a -> a.targetGroups.forEach(g -> used.add(g.targetGroupArn)));
        }
        for (TargetGroup tg : state.targetGroups) {
            expireDrained(tg, now);
            boolean inUse = used.contains(tg.arn);
            for (Target t : tg.targets.values()) {
                if (t.draining()) {
                    continue;
                }
                if (!inUse) {
                    if (!NOT_IN_USE.equals(t.reason)) {
                        t.generation++;
                        t.checking = false;
                        setNotInUse(t);
                    }
                    continue;
                }
                if (NOT_IN_USE.equals(t.reason)) {
                    // The group just got a listener: its targets now register with the load balancer.
                    t.set("initial", REGISTRATION_IN_PROGRESS, "Target registration is in progress");
                    t.registeredMillis = now;
                }
                if (REGISTRATION_IN_PROGRESS.equals(t.reason)) {
                    if (now < t.registeredMillis + registrationTime.toMillis()) {
                        continue;
                    }
                    t.set("initial", INITIAL_HEALTH_CHECKING, "Initial health checks in progress");
                    t.nextCheckMillis = now;
                }
                if (startChecks && !t.checking && now >= t.nextCheckMillis) {
                    t.checking = true;
                    starts.add(checkOf(tg, t, now));
                }
            }
        }
        return starts;
    }

    private void expireDrained(TargetGroup tg, long now) {
        if (tg.targets.isEmpty()) {
            return;
        }
        for (Iterator<Target> it = tg.targets.values().iterator(); it.hasNext();) {
            Target t = it.next();
            if (t.draining() && now >= t.drainUntilMillis) {
                it.remove();
                dataPlane.forget(address(tg, t.id), t.port);
            }
        }
    }

    private Runnable checkOf(TargetGroup tg, Target t, long startedAt) {
        String tgArn = tg.arn;
        String key = t.key();
        long generation = t.generation;
        String host = address(tg, t.id);
        int port = "traffic-port".equals(tg.healthCheckPort) ? t.port : Integer.parseInt(tg.healthCheckPort);
        String protocol = tg.healthCheckProtocol;
        String path = tg.healthCheckPath;
        String matcher = tg.matcher;
        long intervalMillis = tg.healthCheckIntervalSeconds * 1000L;
        Duration cloudTimeout = Duration.ofSeconds(tg.healthCheckTimeoutSeconds);
        Duration wall = clock.toWall(cloudTimeout);
        if (wall.compareTo(minimumCheckTimeout) < 0) {
            wall = minimumCheckTimeout.compareTo(cloudTimeout) < 0 ? minimumCheckTimeout : cloudTimeout;
        }
        Duration wallTimeout = wall;
        return () -> {
            var future = "TCP".equals(protocol)
                    ? probe.tcp(host, port, wallTimeout)
                    : probe.http(protocol.toLowerCase(Locale.ROOT), host, port, path, wallTimeout);
            future.whenComplete((result, error) -> applyCheck(tgArn, key, generation, startedAt + intervalMillis,
                    error != null ? new HealthProbe.Result(HealthProbe.Outcome.FAILED, 0) : result, matcher));
        };
    }

    private synchronized void applyCheck(String tgArn, String key, long generation, long nextCheck,
            HealthProbe.Result result, String matcher) {
        TargetGroup tg = findTargetGroup(tgArn);
        Target t = tg == null ? null : tg.targets.get(key);
        if (t == null || t.generation != generation || t.draining()) {
            return;
        }
        t.checking = false;
        t.nextCheckMillis = nextCheck;
        boolean pass;
        String reason = null;
        String description = null;
        switch (result.outcome()) {
            case RESPONDED -> {
                pass = matcher == null || matcherAccepts(matcher, result.status());
                if (!pass) {
                    reason = RESPONSE_CODE_MISMATCH;
                    description = "Health checks failed with these codes: [" + result.status() + "]";
                }
            }
            case TIMED_OUT -> {
                pass = false;
                reason = TIMEOUT;
                description = "Request timed out";
            }
            default -> {
                pass = false;
                reason = FAILED_HEALTH_CHECKS;
                description = "Health checks failed";
            }
        }
        if (pass) {
            t.consecutivePasses++;
            t.consecutiveFailures = 0;
            // A new target needs one passing check; HealthyThresholdCount applies to recovery (AWS-FACTS §3).
            if ("initial".equals(t.state)
                    || ("unhealthy".equals(t.state) && t.consecutivePasses >= tg.healthyThresholdCount)) {
                t.set("healthy", null, null);
            }
        } else {
            t.consecutiveFailures++;
            t.consecutivePasses = 0;
            if ("unhealthy".equals(t.state)) {
                t.set("unhealthy", reason, description);
            } else if (t.consecutiveFailures >= tg.unhealthyThresholdCount) {
                t.set("unhealthy", reason, description);
            }
        }
    }

    private String address(TargetGroup tg, String id) {
        return tg.targetType.equals("ip") ? id : instanceAddress.apply(id);
    }

    // ------------------------------------------------------------------ data plane

    /** What the data plane should do with one request. */
    record Decision(int status, String contentType, String body, String location, String host, int port,
            Target target, int listenerPort, List<String> setCookies) {
        static Decision respond(int status, String contentType, String body) {
            return new Decision(status, contentType, body, null, null, 0, null, 0, List.of());
        }

        boolean forward() {
            return host != null;
        }
    }

    /**
     * Routes one request arriving on a load balancer's port: the listener (the lowest-port listener of the
     * load balancer's protocol family), then its rules by priority, then weights and a healthy target.
     */
    synchronized Decision route(String lbArn, Matching.Request request) {
        LoadBalancer lb = findLoadBalancer(lbArn);
        if (lb == null) {
            return Decision.respond(503, "text/html", DataPlane.errorPage(503));
        }
        Listener listener = null;
        for (Listener l : listenersOf(lbArn)) {
            if ((lb.application() ? l.protocol.equals("HTTP") : true) && (listener == null || l.port < listener.port)) {
                listener = l;
            }
        }
        if (listener == null) {
            return Decision.respond(503, "text/html", DataPlane.errorPage(503));
        }
        List<Action> actions = listener.defaultActions;
        if (request != null) {
            for (Rule r : rulesOf(listener.arn)) {
                if (Matching.matches(r.conditions, request)) {
                    actions = r.actions;
                    break;
                }
            }
        }
        Action terminal = actions.get(actions.size() - 1);
        switch (terminal.type) {
            case "fixed-response": {
                return Decision.respond(Integer.parseInt(terminal.fixedStatusCode),
                        Optional.ofNullable(terminal.fixedContentType).orElse("text/plain"),
                        Optional.ofNullable(terminal.fixedMessageBody).orElse(""));
            }
            case "redirect": {
                return new Decision(terminal.redirectStatusCode.equals("HTTP_301") ? 301 : 302, null, "",
                        redirectLocation(terminal, request, listener), null, 0, null, listener.port, List.of());
            }
            default: {
                TargetGroup tg = findTargetGroup(pickGroup(terminal));
                if (tg == null) {
                    return Decision.respond(503, "text/html", DataPlane.errorPage(503));
                }
                boolean sticky = "true".equals(tg.attributes.get("stickiness.enabled"))
                        && "lb_cookie".equals(tg.attributes.get("stickiness.type"));
                Target t = sticky ? stickyTarget(tg, request) : null;
                if (t == null) {
                    t = pickTarget(tg);
                }
                if (t == null) {
                    return Decision.respond(503, "text/html", DataPlane.errorPage(503));
                }
                t.inFlight.incrementAndGet();
                return new Decision(0, null, null, null, address(tg, t.id), t.port, t, listener.port,
                        sticky ? stickinessCookies(tg, t) : List.of());
            }
        }
    }

    /**
     * The target named by a valid, unexpired {@code AWSALB} cookie of this group, if it may still take new
     * requests (healthy, or any non-draining target while the group fails open).
     */
    private Target stickyTarget(TargetGroup tg, Matching.Request request) {
        String token = request == null ? null : Matching.cookie(request, "AWSALB");
        if (token == null) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(java.util.Base64.getUrlDecoder().decode(token),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] parts = decoded.split("\\|");
        if (parts.length != 3 || !parts[0].equals(tg.arn)) {
            return null;
        }
        try {
            if (Long.parseLong(parts[2]) < nowMillis()) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        Target t = tg.targets.get(parts[1]);
        if (t == null || t.draining()) {
            return null;
        }
        boolean anyHealthy = tg.targets.values().stream().anyMatch(x -> !x.draining() && "healthy".equals(x.state));
        return "healthy".equals(t.state) || !anyHealthy ? t : null;
    }

    /** ALB's duration-based stickiness cookies ({@code AWSALB} and its SameSite=None twin {@code AWSALBCORS}). */
    private List<String> stickinessCookies(TargetGroup tg, Target t) {
        long seconds = Long.parseLong(tg.attributes.getOrDefault("stickiness.lb_cookie.duration_seconds", "86400"));
        Instant expires = clock.now().plusSeconds(seconds);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                (tg.arn + "|" + t.key() + "|" + expires.toEpochMilli())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String when = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                expires.atZone(java.time.ZoneOffset.UTC));
        return List.of("AWSALB=" + token + "; Expires=" + when + "; Path=/",
                "AWSALBCORS=" + token + "; Expires=" + when + "; Path=/; SameSite=None; Secure");
    }

    /** Smooth weighted round robin: exact proportions over any window of sum(weights) requests. */
    private static String pickGroup(Action a) {
        List<WeightedGroup> groups = a.targetGroups;
        if (groups.size() == 1) {
            return groups.get(0).targetGroupArn;
        }
        if (a.current == null || a.current.length != groups.size()) {
            a.current = new int[groups.size()];
        }
        int total = 0;
        int best = -1;
        for (int i = 0; i < groups.size(); i++) {
            int w = groups.get(i).weight;
            total += w;
            a.current[i] += w;
            if (w > 0 && (best < 0 || a.current[i] > a.current[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        a.current[best] -= total;
        return groups.get(best).targetGroupArn;
    }

    /**
     * Healthy targets first; when none is healthy the group fails open to every registered target that is
     * not draining (AWS-FACTS §3); draining targets never get new requests.
     */
    private static Target pickTarget(TargetGroup tg) {
        List<Target> healthy = new ArrayList<>();
        List<Target> open = new ArrayList<>();
        for (Target t : tg.targets.values()) {
            if (t.draining()) {
                continue;
            }
            open.add(t);
            if ("healthy".equals(t.state)) {
                healthy.add(t);
            }
        }
        List<Target> candidates = healthy.isEmpty() ? open : healthy;
        if (candidates.isEmpty()) {
            return null;
        }
        if ("least_outstanding_requests".equals(tg.attributes.get("load_balancing.algorithm.type"))) {
            Target best = null;
            int start = (int) (tg.roundRobin++ % candidates.size());
            for (int i = 0; i < candidates.size(); i++) {
                Target t = candidates.get((start + i) % candidates.size());
                if (best == null || t.inFlight.get() < best.inFlight.get()) {
                    best = t;
                }
            }
            return best;
        }
        return candidates.get((int) (tg.roundRobin++ % candidates.size()));
    }

    private static String redirectLocation(Action a, Matching.Request r, Listener l) {
        String reqHost = r == null || r.host() == null ? "localhost" : Matching.stripPort(r.host());
        String reqPath = r == null ? "/" : r.path();
        String reqQuery = r == null || r.rawQuery() == null ? "" : r.rawQuery();
        String protocol = Optional.ofNullable(a.redirectProtocol).orElse("#{protocol}")
                .replace("#{protocol}", l.protocol);
        String port = Optional.ofNullable(a.redirectPort).orElse("#{port}")
                .replace("#{port}", String.valueOf(l.port));
        String host = Optional.ofNullable(a.redirectHost).orElse("#{host}").replace("#{host}", reqHost);
        String path = Optional.ofNullable(a.redirectPath).orElse("/#{path}")
                .replace("#{path}", reqPath.startsWith("/") ? reqPath.substring(1) : reqPath)
                .replace("#{host}", reqHost).replace("#{port}", String.valueOf(l.port));
        String query = Optional.ofNullable(a.redirectQuery).orElse("#{query}").replace("#{query}", reqQuery);
        String scheme = protocol.toLowerCase(Locale.ROOT);
        boolean sameAuthority = (a.redirectHost == null || a.redirectHost.equals("#{host}"))
                && (a.redirectPort == null || a.redirectPort.equals("#{port}")) && r != null && r.host() != null
                && protocol.equals(l.protocol);
        if (sameAuthority) {
            // Locally the listener's port is not the real one: keep the authority the client used.
            return scheme + "://" + r.host() + path + (query.isEmpty() ? "" : "?" + query);
        }
        boolean defaultPort = (scheme.equals("http") && port.equals("80")) || (scheme.equals("https")
                && port.equals("443"));
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path + (query.isEmpty() ? "" : "?" + query);
    }

    /** The data plane reports a finished forward (for least outstanding requests). */
    void finished(Target t) {
        t.inFlight.decrementAndGet();
    }

    /** The idle timeout of the load balancer in wall time (ALB default 60 s; not scaled: it bounds real I/O). */
    synchronized Duration idleTimeout(String lbArn) {
        LoadBalancer lb = findLoadBalancer(lbArn);
        String v = lb == null ? null : lb.attributes.get("idle_timeout.timeout_seconds");
        return Duration.ofSeconds(v == null ? 60 : Long.parseLong(v));
    }

    /**
     * The URI where a load balancer answers, for in-process callers (tests, the local deployer); the same
     * as {@code http://<DNSName>}.
     */
    public synchronized Optional<java.net.URI> endpoint(String loadBalancerArn) {
        LoadBalancer lb = findLoadBalancer(loadBalancerArn);
        return lb == null ? Optional.empty() : Optional.of(java.net.URI.create("http://" + dnsName(lb)));
    }

    // ------------------------------------------------------------------ TargetRegistry

    @Override
    public void register(String targetGroupArn, String targetId, int port) throws AwsException {
        synchronized (this) {
            TargetGroup tg = requireTargetGroup(targetGroupArn);
            Errors.range(port, "port", 1, 65535);
            validateTargetId(tg, targetId);
            register(tg, targetId, port, null);
        }
    }

    @Override
    public void deregister(String targetGroupArn, String targetId, int port) throws AwsException {
        synchronized (this) {
            TargetGroup tg = requireTargetGroup(targetGroupArn);
            Target t = tg.targets.get(targetId + ":" + port);
            if (t == null) {
                throw AwsException.client("InvalidTarget", "The following targets are not registered in target "
                        + "group '" + targetGroupArn + "': [Id: " + targetId + ", Port: " + port + "]");
            }
            deregister(tg, t);
        }
    }

    @Override
    public TargetHealth health(String targetGroupArn, String targetId, int port) throws AwsException {
        synchronized (this) {
            TargetGroup tg = requireTargetGroup(targetGroupArn);
            expireDrained(tg, nowMillis());
            return healthOf(tg.targets.get(targetId + ":" + port));
        }
    }

    @Override
    public synchronized Optional<TargetGroupInfo> targetGroup(String targetGroupArn) {
        TargetGroup tg = findTargetGroup(targetGroupArn);
        if (tg == null) {
            return Optional.empty();
        }
        return Optional.of(new TargetGroupInfo(tg.arn, tg.name, tg.targetType, tg.port == null ? 0 : tg.port,
                tg.healthCheckPath, tg.deregistrationDelaySeconds(), inUse(tg.arn)));
    }

    // ------------------------------------------------------------------ StatefulService

    @Override
    public String stateName() {
        return "elbv2";
    }

    @Override
    public synchronized JsonNode snapshot() {
        return json.valueToTree(state);
    }

    @Override
    public synchronized void restore(JsonNode snapshot) {
        Model.State restored = json.convertValue(snapshot, Model.State.class);
        for (String arn : new ArrayList<>(servers.keySet())) {
            stopServer(arn);
        }
        for (TargetGroup tg : restored.targetGroups) {
            for (Target t : tg.targets.values()) {
                t.inFlight = new AtomicInteger();
            }
        }
        state = restored;
        for (LoadBalancer lb : state.loadBalancers) {
            startServer(lb);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        synchronized (this) {
            for (String arn : new ArrayList<>(servers.keySet())) {
                stopServer(arn);
            }
        }
        probe.close();
        dataPlane.closeIdle();
        dataPlaneThreads.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
