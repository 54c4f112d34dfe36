package dev.uniformpipeline.localcloud.ecs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ecs.runtime.ContainerHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS's internal state: mutable records guarded by {@link EcsState}'s lock. Public fields so the whole state
 * serialises to a snapshot; runtime handles are transient.
 */
final class EcsModel {
    private EcsModel() {
    }

    static final class Cluster {
        public String arn;
        public String name;
        public String account;
        public String region;
        public String status = "ACTIVE";
        public List<String> capacityProviders = new ArrayList<>();
        public ArrayNode defaultStrategy;
        public ArrayNode settings;
        public ArrayNode tags;
        public long createdAt;
    }

    static final class CapacityProvider {
        public String arn;
        public String name;
        public String status = "ACTIVE";
        public ObjectNode autoScalingGroupProvider;
        public ArrayNode tags;
        public String updateStatus;
    }

    static final class ContainerInstance {
        public String arn;
        public String id;
        public String clusterArn;
        public String ec2InstanceId;
        public String capacityProviderName;
        public String ip;
        public int cpu;
        public int memory;
        public String status = "ACTIVE";
        public long registeredAt;
        public ArrayNode attributes;
        public int version = 1;
    }

    static final class TaskDef {
        public String arn;
        public String family;
        public int revision;
        public ObjectNode json;
        public String status = "ACTIVE";
        public ArrayNode tags;
    }

    static final class Container {
        public String name;
        public String containerArn;
        public String image;
        public String imageDigest;
        public String runtimeId;
        public String lastStatus = "PENDING";
        public Integer exitCode;
        public String reason;
        public boolean essential = true;
        public String healthStatus = "UNKNOWN";
        public List<int[]> bindings = new ArrayList<>();
        public int healthFailures;
        public long nextHealthCheckAt;
        public String logGroup;
        public String logStream;
        @JsonIgnore
        public transient ContainerHandle handle;
    }

    /** A target the task registered: group ARN, target id (IP or instance id), port. */
    static final class Target {
        public String targetGroupArn;
        public String targetId;
        public int port;
        public int containerPort;
        public String containerName;

        Target() {
        }

        Target(String tg, String id, int port, int containerPort, String containerName) {
            this.targetGroupArn = tg;
            this.targetId = id;
            this.port = port;
            this.containerPort = containerPort;
            this.containerName = containerName;
        }
    }

    static final class Task {
        public String arn;
        public String id;
        public String clusterArn;
        public String account;
        public String region;
        public String taskDefinitionArn;
        public String launchType;
        public String capacityProviderName;
        public String containerInstanceArn;
        public String group;
        public String startedBy;
        public String serviceArn;
        public String deploymentId;
        public String networkMode;
        public ObjectNode networkConfiguration;
        public ObjectNode overrides;
        public String cpu;
        public String memory;
        public int reservedCpu;
        public int reservedMemory;
        public String ip;
        public String eniId;
        public String lastStatus = "PROVISIONING";
        public String desiredStatus = "RUNNING";
        public String healthStatus = "UNKNOWN";
        public String stopCode;
        public String stoppedReason;
        public long createdAt;
        public Long pullStartedAt;
        public Long pullStoppedAt;
        public Long startedAt;
        public Long connectivityAt;
        public Long stoppingAt;
        public Long stoppedAt;
        public Long executionStoppedAt;
        /** Cloud time (epoch ms) the current phase may end. */
        public long phaseUntil;
        public long version = 1;
        public boolean everRunning;
        public Long healthyAt;
        public boolean targetsDeregistered;
        public String runtimeMode;
        public List<Container> containers = new ArrayList<>();
        public List<Target> targets = new ArrayList<>();
        public ArrayNode tags;
        public String availabilityZone = "";

        boolean isStopped() {
            return "STOPPED".equals(lastStatus);
        }

        boolean isRunning() {
            return "RUNNING".equals(lastStatus);
        }

        /** Counted as pending by DescribeServices (PROVISIONING, PENDING, ACTIVATING). */
        boolean isPendingPhase() {
            return "PROVISIONING".equals(lastStatus) || "PENDING".equals(lastStatus)
                    || "ACTIVATING".equals(lastStatus);
        }

        boolean wantsToRun() {
            return "RUNNING".equals(desiredStatus) && !isStopped();
        }
    }

    static final class Deployment {
        public String id;
        public String status;
        public String taskDefinitionArn;
        public int desiredCount;
        public int failedTasks;
        public String rolloutState;
        public String rolloutStateReason;
        public long createdAt;
        public long updatedAt;
        public String launchType;
        public ArrayNode capacityProviderStrategy;
        public String platformVersion;
        public ObjectNode networkConfiguration;
        public boolean hadRunningTask;
        /** Started by the circuit breaker; a failed rollback is not rolled back again. */
        public boolean rollback;
    }

    static final class ServiceEvent {
        public String id;
        public long createdAt;
        public String message;

        ServiceEvent() {
        }

        ServiceEvent(String id, long createdAt, String message) {
            this.id = id;
            this.createdAt = createdAt;
            this.message = message;
        }
    }

    static final class Service {
        public String arn;
        public String name;
        public String clusterArn;
        public String account;
        public String region;
        public String status = "ACTIVE";
        public int desiredCount;
        public String launchType;
        public ArrayNode capacityProviderStrategy;
        public String platformVersion;
        public String taskDefinitionArn;
        public int minimumHealthyPercent = 100;
        public int maximumPercent = 200;
        public boolean breakerEnable;
        public boolean breakerRollback;
        public ArrayNode loadBalancers;
        public ObjectNode networkConfiguration;
        public Integer healthCheckGracePeriodSeconds;
        public String schedulingStrategy = "REPLICA";
        public String propagateTags = "NONE";
        public boolean enableECSManagedTags;
        public ArrayNode tags;
        public String roleArn;
        public long createdAt;
        public List<Deployment> deployments = new ArrayList<>();
        public List<ServiceEvent> events = new ArrayList<>();
        /** Suppression of repeated event messages: key → cloud time (ms) it was last posted. */
        public Map<String, Long> eventKeys = new LinkedHashMap<>();
        public String lastCompletedDeploymentId;
        public String lastCompletedTaskDefinitionArn;
        public boolean steady;
        public int replacedUnhealthy;
        public long inactiveAt;
    }

    static JsonNode nullToMissing(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }
}
