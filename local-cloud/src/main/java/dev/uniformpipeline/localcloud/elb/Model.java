package dev.uniformpipeline.localcloud.elb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane's state: plain mutable holders guarded by the {@link ElbService} monitor and
 * snapshotted field by field with Jackson (transient fields are runtime-only). Times are cloud epoch millis.
 */
final class Model {
    private Model() {
    }

    static final class LoadBalancer {
        String arn;
        String name;
        String type;
        String scheme;
        String ipAddressType;
        String vpcId;
        long createdMillis;
        List<String> subnets = new ArrayList<>();
        List<String> securityGroups = new ArrayList<>();
        /** The real port on 127.0.0.1 where this load balancer's listeners answer. */
        int port;
        Map<String, String> attributes = new LinkedHashMap<>();

        boolean application() {
            return "application".equals(type);
        }
    }

    static final class TargetGroup {
        String arn;
        String name;
        String protocol;
        String protocolVersion;
        Integer port;
        String vpcId;
        String targetType;
        String ipAddressType;
        String healthCheckProtocol;
        String healthCheckPort;
        String healthCheckPath;
        boolean healthCheckEnabled = true;
        int healthCheckIntervalSeconds;
        int healthCheckTimeoutSeconds;
        int healthyThresholdCount;
        int unhealthyThresholdCount;
        String matcher;
        long createdMillis;
        Map<String, String> attributes = new LinkedHashMap<>();
        /** Keyed by {@code id:port}. */
        Map<String, Target> targets = new LinkedHashMap<>();
        transient long roundRobin;

        int deregistrationDelaySeconds() {
            return Integer.parseInt(attributes.getOrDefault("deregistration_delay.timeout_seconds", "300"));
        }

        boolean httpChecks() {
            return "HTTP".equals(healthCheckProtocol) || "HTTPS".equals(healthCheckProtocol);
        }
    }

    static final class Target {
        String id;
        int port;
        String availabilityZone;
        String state;
        String reason;
        String description;
        long registeredMillis;
        /** 0 while registered; the cloud time the deregistration delay ends while draining. */
        long drainUntilMillis;
        long nextCheckMillis;
        int consecutivePasses;
        int consecutiveFailures;
        /** Bumped on every (re)registration and deregistration so late check results are ignored. */
        long generation;
        transient boolean checking;
        transient java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

        String key() {
            return id + ":" + port;
        }

        boolean draining() {
            return drainUntilMillis > 0;
        }

        void set(String newState, String newReason, String newDescription) {
            state = newState;
            reason = newReason;
            description = newDescription;
        }
    }

    static final class Listener {
        String arn;
        String loadBalancerArn;
        String protocol;
        int port;
        String sslPolicy;
        List<String> certificates = new ArrayList<>();
        List<String> alpnPolicy = new ArrayList<>();
        List<Action> defaultActions = new ArrayList<>();
        /** The ARN DescribeRules shows for the default rule. */
        String defaultRuleArn;
    }

    static final class Rule {
        String arn;
        String listenerArn;
        int priority;
        List<Condition> conditions = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
    }

    /** One action of a listener or rule; only the fields of its type are set. */
    static final class Action {
        String type;
        Integer order;
        /** Forward: (target group ARN, weight) pairs, in request order. */
        List<WeightedGroup> targetGroups = new ArrayList<>();
        boolean singleTargetGroupArn;
        Boolean stickinessEnabled;
        Integer stickinessDurationSeconds;
        String fixedStatusCode;
        String fixedContentType;
        String fixedMessageBody;
        String redirectProtocol;
        String redirectPort;
        String redirectHost;
        String redirectPath;
        String redirectQuery;
        String redirectStatusCode;
        /** Smooth weighted round robin state. */
        transient int[] current;
    }

    static final class WeightedGroup {
        String targetGroupArn;
        int weight;

        WeightedGroup() {
        }

        WeightedGroup(String targetGroupArn, int weight) {
            this.targetGroupArn = targetGroupArn;
            this.weight = weight;
        }
    }

    /** A rule condition; {@code values} holds host/path/header/method/source-ip values. */
    static final class Condition {
        String field;
        /** True when the request used the legacy top-level {@code Values} list. */
        boolean legacyValues;
        String httpHeaderName;
        List<String> values = new ArrayList<>();
        /** query-string pairs; a null key matches any key. */
        List<String[]> queryPairs = new ArrayList<>();
    }

    /** Everything StatefulService snapshots. */
    static final class State {
        List<LoadBalancer> loadBalancers = new ArrayList<>();
        List<TargetGroup> targetGroups = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    }
}
