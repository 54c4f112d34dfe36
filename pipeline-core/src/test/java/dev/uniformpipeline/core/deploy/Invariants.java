package dev.uniformpipeline.core.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * What users rely on being the same on every target, read back from the RENDERED DOCUMENTS (the text
 * {@code pipeline render} prints), each platform's arithmetic applied the way that platform applies it.
 */
record Invariants(String image, int port, String healthPath, int intervalSeconds, int timeoutSeconds,
                  int healthyThreshold, int unhealthyThreshold, int graceSeconds, String successCodes, int replicas,
                  long cpuMillis, long memoryMiB, Map<String, String> env, Map<String, String> secrets,
                  String logDriver, String logGroup, String logRegion, String logStreamPrefix, String splunk, String rollback,
                  int surgeTasks, int unavailableTasks, String deregistrationDelay, String autoscaling, int stopSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode json(RenderedTarget t, String doc) {
        try {
            return JSON.readTree(t.document(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(RenderedTarget t, String doc) {
        try {
            return YAML.readTree(t.document(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Invariants of(RenderedTarget t) {
        return t.type() == TargetType.EKS ? fromEks(t) : fromEcs(t);
    }

    static Invariants fromEcs(RenderedTarget t) {
        JsonNode svc = json(t, "ecs/create-service.json");
        JsonNode td = json(t, "ecs/register-task-definition.json");
        String name = svc.path("serviceName").asText();
        JsonNode app = null;
        for (JsonNode c : td.path("containerDefinitions")) {
            if (c.path("name").asText().equals(name)) {
                app = c;
            }
        }
        if (app == null) {
            throw new AssertionError("no application container named " + name);
        }
        JsonNode tg = t.documents().containsKey("elbv2/modify-target-group.json") ? json(t, "elbv2/modify-target-group.json")
                : json(t, "elbv2/create-target-group.json");
        Map<String, String> env = new TreeMap<>();
        app.path("environment").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        Map<String, String> secrets = new TreeMap<>();
        app.path("secrets").forEach(e -> secrets.put(e.path("name").asText(), e.path("valueFrom").asText()));
        JsonNode log = app.path("logConfiguration");
        String driver = log.path("logDriver").asText();
        JsonNode o = log.path("options");
        String group;
        String region;
        String prefix;
        if (driver.equals("awsfirelens")) {
            group = o.path("log_group_name").asText();
            region = o.path("region").asText();
            prefix = o.path("log_stream_prefix").asText().replaceAll("/$", "");
        } else {
            group = o.path("awslogs-group").asText();
            region = o.path("awslogs-region").asText();
            prefix = o.path("awslogs-stream-prefix").asText();
        }
        String splunk = "none";
        if (driver.equals("splunk")) {
            splunk = o.path("splunk-url").asText() + "|" + o.path("splunk-index").asText() + "|" + o.path("splunk-sourcetype").asText()
                    + "|" + log.path("secretOptions").get(0).path("valueFrom").asText();
        }
        int desired = svc.path("desiredCount").asInt();
        JsonNode dc = svc.path("deploymentConfiguration");
        int ceiling = RolloutMath.ecsCeiling(desired, dc.path("maximumPercent").asInt());
        int floor = RolloutMath.ecsFloor(desired, dc.path("minimumHealthyPercent").asInt());
        String scaling = "none";
        if (t.documents().containsKey("application-autoscaling/register-scalable-target.json")) {
            JsonNode st = json(t, "application-autoscaling/register-scalable-target.json");
            JsonNode pol = json(t, "application-autoscaling/put-scaling-policy-cpu.json");
            scaling = st.path("MinCapacity").asInt() + ".." + st.path("MaxCapacity").asInt() + " cpu "
                    + (int) pol.path("TargetTrackingScalingPolicyConfiguration").path("TargetValue").asDouble() + "%";
        }
        return new Invariants(app.path("image").asText(), app.path("portMappings").get(0).path("containerPort").asInt(),
                tg.path("HealthCheckPath").asText(), tg.path("HealthCheckIntervalSeconds").asInt(),
                tg.path("HealthCheckTimeoutSeconds").asInt(), tg.path("HealthyThresholdCount").asInt(),
                tg.path("UnhealthyThresholdCount").asInt(), svc.path("healthCheckGracePeriodSeconds").asInt(),
                tg.path("Matcher").path("HttpCode").asText(), desired,
                Math.round(Integer.parseInt(td.path("cpu").asText()) * 1000.0 / 1024.0),
                Long.parseLong(td.path("memory").asText()), env, secrets,
                driver.equals("awsfirelens") ? "firelens" : driver, group, region, prefix, splunk,
                dc.path("deploymentCircuitBreaker").path("rollback").asBoolean() ? "auto" : "none",
                ceiling - desired, desired - floor, deregistration(t), scaling, app.path("stopTimeout").asInt());
    }

    static Invariants fromEks(RenderedTarget t) {
        JsonNode dep = yaml(t, "k8s/deployment.yaml");
        String name = dep.path("metadata").path("name").asText();
        JsonNode pod = dep.path("spec").path("template");
        JsonNode app = null;
        long cpu = 0;
        long mem = 0;
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                if (c.path("name").asText().equals(name)) {
                    app = c;
                }
                JsonNode req = c.path("resources").path("requests");
                if (req.has("cpu")) {
                    cpu += new Quantity(req.path("cpu").asText()).getNumericalAmount().movePointRight(3).longValueExact();
                }
                if (req.has("memory")) {
                    mem += Quantity.getAmountInBytes(new Quantity(req.path("memory").asText())).longValueExact() / (1024 * 1024);
                }
            }
        }
        if (app == null) {
            throw new AssertionError("no application container named " + name);
        }
        JsonNode ready = app.path("readinessProbe");
        JsonNode live = app.path("livenessProbe");
        Map<String, String> env = new TreeMap<>();
        Map<String, String> secretKeys = new TreeMap<>();
        for (JsonNode e : app.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            } else {
                secretKeys.put(e.path("name").asText(), e.path("valueFrom").path("secretKeyRef").path("key").asText());
            }
        }
        Map<String, String> secrets = new TreeMap<>();
        if (!secretKeys.isEmpty()) {
            Map<String, String> arnByAlias = secretArnsByAlias(yaml(t, "k8s/secretproviderclass.yaml"));
            Map<String, String> aliasByKey = new TreeMap<>();
            yaml(t, "k8s/secretproviderclass.yaml").path("spec").path("secretObjects").get(0).path("data")
                    .forEach(d -> aliasByKey.put(d.path("key").asText(), d.path("objectName").asText()));
            secretKeys.forEach((envName, key) -> secrets.put(envName, arnByAlias.get(aliasByKey.get(key))));
        }
        JsonNode ann = pod.path("metadata").path("annotations");
        String splunk = "none";
        if (ann.path("uniform.dev/log-driver").asText().equals("splunk")) {
            splunk = ann.path("uniform.dev/splunk-url").asText() + "|" + ann.path("splunk.com/index").asText() + "|"
                    + ann.path("splunk.com/sourcetype").asText() + "|" + ann.path("uniform.dev/splunk-token-arn").asText();
        }
        int replicas = dep.path("spec").path("replicas").asInt();
        JsonNode ru = dep.path("spec").path("strategy").path("rollingUpdate");
        String scaling = "none";
        if (t.documents().containsKey("k8s/horizontalpodautoscaler.yaml")) {
            JsonNode hpa = yaml(t, "k8s/horizontalpodautoscaler.yaml").path("spec");
            int cpuTarget = 0;
            for (JsonNode m : hpa.path("metrics")) {
                if (m.path("resource").path("name").asText().equals("cpu")) {
                    cpuTarget = m.path("resource").path("target").path("averageUtilization").asInt();
                }
            }
            scaling = hpa.path("minReplicas").asInt() + ".." + hpa.path("maxReplicas").asInt() + " cpu " + cpuTarget + "%";
        }
        // The load balancer applies the target group's matcher to pods too (TargetGroupBinding).
        String matcher = t.documents().containsKey("elbv2/modify-target-group.json")
                ? Invariants.json(t, "elbv2/modify-target-group.json").path("Matcher").path("HttpCode").asText()
                : t.documents().containsKey("elbv2/create-target-group.json")
                ? Invariants.json(t, "elbv2/create-target-group.json").path("Matcher").path("HttpCode").asText() : "200-399";
        return new Invariants(app.path("image").asText(), app.path("ports").get(0).path("containerPort").asInt(),
                ready.path("httpGet").path("path").asText(), ready.path("periodSeconds").asInt(), ready.path("timeoutSeconds").asInt(),
                ready.path("successThreshold").asInt(), ready.path("failureThreshold").asInt(),
                live.path("initialDelaySeconds").asInt(), matcher, replicas, cpu, mem, env, secrets,
                ann.path("uniform.dev/log-driver").asText(), ann.path("uniform.dev/log-group").asText(),
                ann.path("uniform.dev/log-region").asText(), ann.path("uniform.dev/log-stream-prefix").asText(), splunk,
                dep.path("metadata").path("annotations").path("uniform.dev/rollback").asText(),
                k8sResolve(ru.path("maxSurge"), replicas, true), k8sResolve(ru.path("maxUnavailable"), replicas, false),
                deregistration(t), scaling, pod.path("spec").path("terminationGracePeriodSeconds").asInt());
    }

    /** Kubernetes' own rule: percentages of replicas, surge rounded up, unavailable rounded down. */
    static int k8sResolve(JsonNode v, int replicas, boolean roundUp) {
        if (v.isInt()) {
            return v.asInt();
        }
        String s = v.asText();
        if (!s.endsWith("%")) {
            return Integer.parseInt(s);
        }
        double x = replicas * Integer.parseInt(s.substring(0, s.length() - 1)) / 100.0;
        return (int) (roundUp ? Math.ceil(x) : Math.floor(x));
    }

    /** Rebuilds each ASCP alias's ARN from the SecretProviderClass objects, as ECS would read it. */
    static Map<String, String> secretArnsByAlias(JsonNode spc) {
        Map<String, String> out = new TreeMap<>();
        try {
            JsonNode objects = YAML.readTree(spc.path("spec").path("parameters").path("objects").asText());
            for (JsonNode o : objects) {
                String base = o.path("objectName").asText();
                String stage = o.path("objectVersionLabel").asText("");
                String id = o.path("objectVersion").asText("");
                String suffix = stage.isEmpty() && id.isEmpty() ? "" : "::" + stage + ":" + id;
                out.put(o.path("objectAlias").asText(), base + (suffix.isEmpty() ? "" : ":" + suffix.substring(1)));
                for (JsonNode j : o.path("jmesPath")) {
                    out.put(j.path("objectAlias").asText(), base + ":" + j.path("path").asText() + ":" + stage + ":" + id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String deregistration(RenderedTarget t) {
        if (!t.documents().containsKey("elbv2/modify-target-group-attributes.json")) {
            return "none";
        }
        JsonNode attrs = json(t, "elbv2/modify-target-group-attributes.json").path("Attributes");
        for (Iterator<JsonNode> it = attrs.elements(); it.hasNext(); ) {
            JsonNode a = it.next();
            if (a.path("Key").asText().equals(SharedAwsRendering.DEREGISTRATION_DELAY)) {
                return a.path("Value").asText();
            }
        }
        return "none";
    }
}
