package dev.uniformpipeline.localcloud.ecs;

import static dev.uniformpipeline.localcloud.ecs.EcsService.F;
import static dev.uniformpipeline.localcloud.ecs.EcsService.epoch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ecs.EcsModel.CapacityProvider;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Cluster;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Container;
import dev.uniformpipeline.localcloud.ecs.EcsModel.ContainerInstance;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Deployment;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Service;
import dev.uniformpipeline.localcloud.ecs.EcsModel.ServiceEvent;
import dev.uniformpipeline.localcloud.ecs.EcsModel.Task;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Renders local ECS state in the API's shapes (botocore model ecs 2014-11-13). */
final class EcsRender {
    private static final Set<String> TIMESTAMPS = Set.of("createdAt", "pullStartedAt", "pullStoppedAt", "startedAt",
            "connectivityAt", "stoppingAt", "stoppedAt", "executionStoppedAt");

    private EcsRender() {
    }

    static ObjectNode cluster(EcsService ecs, Cluster c) {
        ObjectNode o = F.objectNode();
        o.put("clusterArn", c.arn);
        o.put("clusterName", c.name);
        o.put("status", c.status);
        int running = 0;
        int pending = 0;
        for (Task t : ecs.tasks.values()) {
            if (t.clusterArn.equals(c.arn)) {
                if (t.isRunning()) {
                    running++;
                } else if (t.isPendingPhase()) {
                    pending++;
                }
            }
        }
        o.put("registeredContainerInstancesCount", (int) ecs.containerInstances.values().stream()
                .filter(ci -> ci.clusterArn.equals(c.arn) && "ACTIVE".equals(ci.status)).count());
        o.put("runningTasksCount", running);
        o.put("pendingTasksCount", pending);
        o.put("activeServicesCount", (int) ecs.services.values().stream()
                .filter(s -> s.clusterArn.equals(c.arn) && "ACTIVE".equals(s.status)).count());
        o.putArray("statistics");
        o.set("tags", c.tags == null ? F.arrayNode() : c.tags);
        o.set("settings", c.settings == null || c.settings.isEmpty()
                ? F.arrayNode().add(F.objectNode().put("name", "containerInsights").put("value", "disabled"))
                : c.settings);
        ArrayNode cps = o.putArray("capacityProviders");
        c.capacityProviders.forEach(cps::add);
        o.set("defaultCapacityProviderStrategy", c.defaultStrategy == null ? F.arrayNode() : c.defaultStrategy);
        o.putArray("attachments");
        return o;
    }

    static ObjectNode capacityProvider(CapacityProvider p) {
        ObjectNode o = F.objectNode();
        o.put("capacityProviderArn", p.arn);
        o.put("name", p.name);
        o.put("status", p.status);
        o.set("autoScalingGroupProvider", p.autoScalingGroupProvider);
        o.put("updateStatus", p.updateStatus == null ? "DELETE_COMPLETE".equals(p.status) ? "DELETE_COMPLETE"
                : "UPDATE_COMPLETE" : p.updateStatus);
        o.set("tags", p.tags == null ? F.arrayNode() : p.tags);
        return o;
    }

    static ObjectNode builtinProvider(RequestContext ctx, String name) {
        ObjectNode o = F.objectNode();
        o.put("capacityProviderArn", "arn:aws:ecs:" + ctx.region() + ":" + ctx.accountId() + ":capacity-provider/"
                + name);
        o.put("name", name);
        o.put("status", "ACTIVE");
        o.putArray("tags");
        return o;
    }

    static ObjectNode containerInstance(EcsService ecs, ContainerInstance ci) {
        ObjectNode o = F.objectNode();
        o.put("containerInstanceArn", ci.arn);
        o.put("ec2InstanceId", ci.ec2InstanceId);
        if (ci.capacityProviderName != null) {
            o.put("capacityProviderName", ci.capacityProviderName);
        }
        o.put("version", ci.version);
        o.set("versionInfo", F.objectNode().put("agentVersion", "1.99.0").put("agentHash", "localcloud")
                .put("dockerVersion", "DockerVersion: 25.0.0"));
        int usedCpu = 0;
        int usedMem = 0;
        int running = 0;
        int pending = 0;
        Set<Integer> ports = new HashSet<>(List.of(22, 2375, 2376, 51678, 51679));
        for (Task t : ecs.tasks.values()) {
            if (ci.arn.equals(t.containerInstanceArn) && !t.isStopped()) {
                usedCpu += t.reservedCpu;
                usedMem += t.reservedMemory;
                if (t.isRunning()) {
                    running++;
                } else if (t.isPendingPhase()) {
                    pending++;
                }
                for (Container c : t.containers) {
                    c.bindings.forEach(b -> ports.add(b[1]));
                }
            }
        }
        o.set("remainingResources", resources(ci.cpu - usedCpu, ci.memory - usedMem, ports));
        o.set("registeredResources", resources(ci.cpu, ci.memory, Set.of(22, 2375, 2376, 51678, 51679)));
        o.put("status", ci.status);
        o.put("agentConnected", "ACTIVE".equals(ci.status));
        o.put("runningTasksCount", running);
        o.put("pendingTasksCount", pending);
        o.set("attributes", ci.attributes == null ? F.arrayNode() : ci.attributes);
        o.put("registeredAt", epoch(ci.registeredAt));
        o.putArray("attachments");
        o.putArray("tags");
        return o;
    }

    private static ArrayNode resources(int cpu, int mem, Set<Integer> ports) {
        ArrayNode a = F.arrayNode();
        a.add(F.objectNode().put("name", "CPU").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", cpu));
        a.add(F.objectNode().put("name", "MEMORY").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", mem));
        ArrayNode p = F.arrayNode();
        ports.stream().sorted().forEach(x -> p.add(Integer.toString(x)));
        a.add(F.objectNode().put("name", "PORTS").put("type", "STRINGSET").put("doubleValue", 0.0)
                .put("longValue", 0).put("integerValue", 0).set("stringSetValue", p));
        return a;
    }

    static ObjectNode service(EcsService ecs, Service s, boolean tags) {
        ObjectNode o = F.objectNode();
        o.put("serviceArn", s.arn);
        o.put("serviceName", s.name);
        o.put("clusterArn", s.clusterArn);
        o.set("loadBalancers", s.loadBalancers == null ? F.arrayNode() : s.loadBalancers);
        o.putArray("serviceRegistries");
        o.put("status", s.status);
        o.put("desiredCount", s.desiredCount);
        int running = 0;
        int pending = 0;
        for (Task t : ecs.tasks.values()) {
            if (s.arn.equals(t.serviceArn)) {
                if (t.isRunning()) {
                    running++;
                } else if (t.isPendingPhase()) {
                    pending++;
                }
            }
        }
        o.put("runningCount", running);
        o.put("pendingCount", pending);
        if (s.launchType != null) {
            o.put("launchType", s.launchType);
        }
        if (s.capacityProviderStrategy != null && !s.capacityProviderStrategy.isEmpty()) {
            o.set("capacityProviderStrategy", s.capacityProviderStrategy);
        }
        if (s.platformVersion != null) {
            o.put("platformVersion", s.platformVersion);
            o.put("platformFamily", "Linux");
        }
        o.put("taskDefinition", s.taskDefinitionArn);
        ObjectNode dc = o.putObject("deploymentConfiguration");
        dc.putObject("deploymentCircuitBreaker").put("enable", s.breakerEnable).put("rollback", s.breakerRollback);
        dc.put("maximumPercent", s.maximumPercent);
        dc.put("minimumHealthyPercent", s.minimumHealthyPercent);
        ArrayNode deps = o.putArray("deployments");
        for (Deployment d : s.deployments) {
            deps.add(deployment(ecs, s, d));
        }
        if (s.roleArn != null) {
            o.put("roleArn", s.roleArn);
        }
        ArrayNode ev = o.putArray("events");
        for (ServiceEvent e : s.events) {
            ev.add(F.objectNode().put("id", e.id).put("createdAt", epoch(e.createdAt)).put("message", e.message));
        }
        o.put("createdAt", epoch(s.createdAt));
        o.putArray("placementConstraints");
        o.putArray("placementStrategy");
        if (s.networkConfiguration != null) {
            o.set("networkConfiguration", s.networkConfiguration);
        }
        if (s.healthCheckGracePeriodSeconds != null) {
            o.put("healthCheckGracePeriodSeconds", s.healthCheckGracePeriodSeconds);
        }
        o.put("schedulingStrategy", s.schedulingStrategy);
        o.putObject("deploymentController").put("type", "ECS");
        if (tags) {
            o.set("tags", s.tags == null ? F.arrayNode() : s.tags);
        }
        o.put("createdBy", "arn:aws:iam::" + s.account + ":root");
        o.put("enableECSManagedTags", s.enableECSManagedTags);
        o.put("propagateTags", s.propagateTags);
        o.put("enableExecuteCommand", false);
        return o;
    }

    static ObjectNode deployment(EcsService ecs, Service s, Deployment d) {
        ObjectNode o = F.objectNode();
        o.put("id", d.id);
        o.put("status", d.status);
        o.put("taskDefinition", d.taskDefinitionArn);
        o.put("desiredCount", d.desiredCount);
        int running = 0;
        int pending = 0;
        for (Task t : ecs.tasks.values()) {
            if (d.id.equals(t.deploymentId)) {
                if (t.isRunning()) {
                    running++;
                } else if (t.isPendingPhase()) {
                    pending++;
                }
            }
        }
        o.put("pendingCount", pending);
        o.put("runningCount", running);
        o.put("failedTasks", d.failedTasks);
        o.put("createdAt", epoch(d.createdAt));
        o.put("updatedAt", epoch(d.updatedAt));
        if (d.launchType != null) {
            o.put("launchType", d.launchType);
        }
        if (d.capacityProviderStrategy != null && !d.capacityProviderStrategy.isEmpty()) {
            o.set("capacityProviderStrategy", d.capacityProviderStrategy);
        }
        if (d.platformVersion != null) {
            o.put("platformVersion", d.platformVersion);
            o.put("platformFamily", "Linux");
        }
        if (d.networkConfiguration != null) {
            o.set("networkConfiguration", d.networkConfiguration);
        }
        o.put("rolloutState", d.rolloutState);
        o.put("rolloutStateReason", d.rolloutStateReason);
        return o;
    }

    static ObjectNode task(EcsService ecs, Task t) {
        ObjectNode o = F.objectNode();
        ArrayNode att = o.putArray("attachments");
        String attachmentId = null;
        if (t.eniId != null) {
            attachmentId = java.util.UUID.nameUUIDFromBytes(t.eniId.getBytes()).toString();
            ObjectNode a = att.addObject();
            a.put("id", attachmentId);
            a.put("type", "ElasticNetworkInterface");
            a.put("status", t.isStopped() ? "DELETED" : "DEPROVISIONING".equals(t.lastStatus) ? "DELETING"
                    : "PROVISIONING".equals(t.lastStatus) ? "PRECREATED" : "ATTACHED");
            ArrayNode det = a.putArray("details");
            JsonNode vpc = t.networkConfiguration == null ? null : t.networkConfiguration.get("awsvpcConfiguration");
            String subnet = vpc != null && vpc.path("subnets").size() > 0 ? vpc.path("subnets").get(0).asText()
                    : "subnet-local";
            det.add(F.objectNode().put("name", "subnetId").put("value", subnet));
            det.add(F.objectNode().put("name", "networkInterfaceId").put("value", t.eniId));
            det.add(F.objectNode().put("name", "macAddress").put("value", "02:00:" + t.eniId.substring(4, 6) + ":"
                    + t.eniId.substring(6, 8) + ":" + t.eniId.substring(8, 10) + ":" + t.eniId.substring(10, 12)));
            det.add(F.objectNode().put("name", "privateIPv4Address").put("value", t.ip));
        }
        o.putArray("attributes");
        o.put("availabilityZone", t.availabilityZone);
        if (t.capacityProviderName != null) {
            o.put("capacityProviderName", t.capacityProviderName);
        }
        o.put("clusterArn", t.clusterArn);
        o.put("connectivity", t.connectivityAt != null && !t.isStopped() ? "CONNECTED" : "DISCONNECTED");
        if (t.connectivityAt != null) {
            o.put("connectivityAt", epoch(t.connectivityAt));
        }
        if (t.containerInstanceArn != null) {
            o.put("containerInstanceArn", t.containerInstanceArn);
        }
        ArrayNode cs = o.putArray("containers");
        for (Container c : t.containers) {
            ObjectNode co = cs.addObject();
            co.put("containerArn", c.containerArn);
            co.put("taskArn", t.arn);
            co.put("name", c.name);
            co.put("image", c.image);
            if (c.imageDigest != null) {
                co.put("imageDigest", c.imageDigest);
            }
            if (c.runtimeId != null) {
                co.put("runtimeId", c.runtimeId);
            }
            co.put("lastStatus", c.lastStatus);
            if (c.exitCode != null) {
                co.put("exitCode", c.exitCode);
            }
            if (c.reason != null) {
                co.put("reason", c.reason);
            }
            ArrayNode nb = co.putArray("networkBindings");
            for (int[] b : c.bindings) {
                nb.add(F.objectNode().put("bindIP", "awsvpc".equals(t.networkMode) ? t.ip : "0.0.0.0")
                        .put("containerPort", b[0]).put("hostPort", b[1]).put("protocol", "tcp"));
            }
            ArrayNode ni = co.putArray("networkInterfaces");
            if (attachmentId != null) {
                ni.add(F.objectNode().put("attachmentId", attachmentId).put("privateIpv4Address", t.ip));
            }
            co.put("healthStatus", c.healthStatus);
            co.put("cpu", "0");
        }
        if (t.cpu != null) {
            o.put("cpu", t.cpu);
        }
        if (t.memory != null) {
            o.put("memory", t.memory);
        }
        o.put("createdAt", epoch(t.createdAt));
        o.put("desiredStatus", t.desiredStatus);
        o.put("enableExecuteCommand", false);
        if (t.executionStoppedAt != null) {
            o.put("executionStoppedAt", epoch(t.executionStoppedAt));
        }
        o.put("group", t.group);
        o.put("healthStatus", t.healthStatus);
        o.put("lastStatus", t.lastStatus);
        o.put("launchType", t.launchType);
        ObjectNode ov = t.overrides == null ? F.objectNode() : t.overrides.deepCopy();
        if (!ov.has("containerOverrides")) {
            ov.putArray("containerOverrides");
        }
        if (!ov.has("inferenceAcceleratorOverrides")) {
            ov.putArray("inferenceAcceleratorOverrides");
        }
        o.set("overrides", ov);
        if ("FARGATE".equals(t.launchType)) {
            o.put("platformVersion", "1.4.0");
            o.put("platformFamily", "Linux");
        }
        if (t.pullStartedAt != null) {
            o.put("pullStartedAt", epoch(t.pullStartedAt));
        }
        if (t.pullStoppedAt != null) {
            o.put("pullStoppedAt", epoch(t.pullStoppedAt));
        }
        if (t.startedAt != null) {
            o.put("startedAt", epoch(t.startedAt));
        }
        if (t.startedBy != null) {
            o.put("startedBy", t.startedBy);
        }
        if (t.stopCode != null) {
            o.put("stopCode", t.stopCode);
        }
        if (t.stoppedAt != null) {
            o.put("stoppedAt", epoch(t.stoppedAt));
        }
        if (t.stoppedReason != null) {
            o.put("stoppedReason", t.stoppedReason);
        }
        if (t.stoppingAt != null) {
            o.put("stoppingAt", epoch(t.stoppingAt));
        }
        o.put("taskArn", t.arn);
        o.put("taskDefinitionArn", t.taskDefinitionArn);
        o.put("version", t.version);
        return o;
    }

    /** The EventBridge detail of "ECS Task State Change": the Task shape with ISO-8601 timestamps. */
    static ObjectNode taskEventDetail(EcsService ecs, Task t) {
        ObjectNode o = task(ecs, t);
        for (String f : TIMESTAMPS) {
            if (o.has(f)) {
                o.put(f, Instant.ofEpochMilli((long) (o.get(f).asDouble() * 1000)).toString());
            }
        }
        o.put("updatedAt", Instant.ofEpochMilli(ecs.nowMs()).toString());
        return o;
    }
}
