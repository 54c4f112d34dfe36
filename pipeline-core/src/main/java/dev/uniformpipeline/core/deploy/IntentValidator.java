package dev.uniformpipeline.core.deploy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.deploy.ServiceIntent.EfsVolume;
import dev.uniformpipeline.core.deploy.ServiceIntent.HealthCheck;
import dev.uniformpipeline.core.deploy.ServiceIntent.LogDriver;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Sidecar;

/**
 * Checks the intent against what EVERY platform accepts (the strictest of ECS, ELB and Kubernetes), so the
 * one intent renders identically everywhere or not at all. Platform-only checks live in each renderer.
 */
public final class IntentValidator {
    /** Kubernetes Service names (RFC 1035 label); also valid ECS service and container names. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\\d{12}:(secret:|parameter/).+");
    static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    static final Pattern MATCHER = Pattern.compile("\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*");
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private IntentValidator() {
    }

    public static List<Problem> validate(RenderInput in) {
        Problems p = new Problems(in.sourceFile());
        ServiceIntent s = in.service();
        p.require(DNS_LABEL.matcher(s.name()).matches(), "service.name",
                "'" + s.name() + "' is not a name every target accepts",
                "use lower-case letters, digits and '-', start with a letter, at most 63 characters");
        p.require(s.port() >= 1 && s.port() <= 65535, "service.port", "port " + s.port() + " is out of range",
                "use 1-65535");
        p.require(s.initialReplicas() >= 1, "service.replicas", "replicas must be at least 1, got " + s.replicas(),
                "stopping a service is not a rollout; at least one task/pod is needed for the health gate");
        p.require(Sizing.isExact(s.cpu()), "service.cpu",
                "cpu " + s.cpu().toPlainString() + " vCPU cannot be written identically as ECS units and Kubernetes millicores",
                "use a multiple of 0.125 vCPU (0.25, 0.5, 1, ...)");
        p.require(s.memoryMiB() >= 128, "service.memory", "memory " + s.memoryMiB() + " MiB is too small", "use at least 128MiB");
        for (String k : s.env().keySet()) {
            p.require(ENV_NAME.matcher(k).matches(), "service.env." + k, "'" + k + "' is not a valid environment variable name",
                    "use letters, digits and '_', not starting with a digit");
        }
        for (Map.Entry<String, String> e : s.secrets().entrySet()) {
            String path = "service.secrets." + e.getKey();
            p.require(ENV_NAME.matcher(e.getKey()).matches(), path, "'" + e.getKey() + "' is not a valid environment variable name", "");
            p.require(!s.env().containsKey(e.getKey()), path, "'" + e.getKey() + "' is set both in env and in secrets",
                    "keep it in one of them");
            p.require(SECRET_ARN.matcher(e.getValue()).matches(), path,
                    "secret must be a full Secrets Manager or SSM parameter ARN, got '" + e.getValue() + "'",
                    "write arn:aws:secretsmanager:<region>:<account>:secret:<name> or arn:aws:ssm:<region>:<account>:parameter/<name>;"
                            + " bare names only resolve on ECS in the same region and never on EKS");
        }
        healthCheck(p, s.healthCheck());
        logging(p, s.logging());
        autoscaling(p, s);
        rollout(p, in);
        sidecars(p, s);
        volumes(p, s);
        p.require(wholeSeconds(s.stopTimeout()) && !s.stopTimeout().isNegative(), "service.stopTimeout",
                "stopTimeout must be whole seconds, got " + s.stopTimeout(), "");
        return p.list();
    }

    static boolean wholeSeconds(Duration d) {
        return d.getNano() == 0;
    }

    private static void healthCheck(Problems p, HealthCheck h) {
        String b = "service.healthCheck.";
        p.require(h.path().startsWith("/") && h.path().length() <= 1024, b + "path",
                "health check path must start with '/' and be at most 1024 characters", "");
        long interval = h.interval().toSeconds();
        long timeout = h.timeout().toSeconds();
        p.require(wholeSeconds(h.interval()) && interval >= 5 && interval <= 300, b + "interval",
                "interval " + h.interval().toSeconds() + "s is outside what the load balancer accepts", "use 5s-300s");
        p.require(wholeSeconds(h.timeout()) && timeout >= 2 && timeout <= 120, b + "timeout",
                "timeout " + timeout + "s is outside what the load balancer accepts", "use 2s-120s");
        p.require(timeout < interval, b + "timeout", "timeout " + timeout + "s must be shorter than the interval " + interval + "s",
                "lower the timeout or raise the interval");
        p.require(h.healthyThreshold() >= 2 && h.healthyThreshold() <= 10, b + "healthyThreshold",
                "healthyThreshold " + h.healthyThreshold() + " is outside what the load balancer accepts", "use 2-10");
        p.require(h.unhealthyThreshold() >= 2 && h.unhealthyThreshold() <= 10, b + "unhealthyThreshold",
                "unhealthyThreshold " + h.unhealthyThreshold() + " is outside what the load balancer accepts", "use 2-10");
        p.require(wholeSeconds(h.gracePeriod()) && !h.gracePeriod().isNegative(), b + "gracePeriod",
                "gracePeriod must be whole, non-negative seconds", "");
        boolean matcherOk = MATCHER.matcher(h.successCodes()).matches();
        if (matcherOk) {
            for (String part : h.successCodes().split("[,-]")) {
                int code = Integer.parseInt(part);
                matcherOk &= code >= 200 && code <= 499;
            }
        }
        p.require(matcherOk, b + "successCodes", "successCodes '" + h.successCodes() + "' is not an ALB matcher",
                "use codes 200-499 as a list or range, e.g. 200-399");
        if (!h.command().isEmpty()) {
            p.require(interval <= 300 && timeout <= 60, b + "timeout",
                    "the ECS container health check accepts a timeout of at most 60s", "");
            p.require(h.unhealthyThreshold() <= 10, b + "unhealthyThreshold", "container health check retries are 1-10", "");
            p.require(h.gracePeriod().toSeconds() <= 300, b + "gracePeriod",
                    "with a container health check command the grace period becomes startPeriod, at most 300s", "");
        }
    }

    private static void logging(Problems p, Logging l) {
        String b = "service.logging.";
        if (l.driver() == LogDriver.AWSLOGS || (l.driver() == LogDriver.FIRELENS && !l.options().containsKey("Name"))) {
            p.require(l.group() != null && LOG_GROUP.matcher(l.group()).matches(), b + "group",
                    "a CloudWatch log group name is required: 1-512 of letters, digits and . - _ / #",
                    "e.g. group: /uniform/orders");
        }
        if (l.driver() == LogDriver.FIRELENS) {
            p.require(l.group() != null || l.options().containsKey("Name"), b + "options",
                    "FireLens needs a CloudWatch group or an output plugin in options.Name", "");
        }
        if (l.retentionDays() != null) {
            p.require(RETENTION_DAYS.contains(l.retentionDays()), b + "retentionDays",
                    "CloudWatch Logs does not accept a retention of " + l.retentionDays() + " days",
                    "use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653");
        }
        for (String k : l.options().keySet()) {
            String lower = k.toLowerCase(java.util.Locale.ROOT);
            p.require(!lower.contains("token") && !lower.contains("password") && !lower.contains("secret"), b + "options." + k,
                    "'" + k + "' looks like a secret; plain log options are visible to anyone who can read the task definition",
                    l.driver() == LogDriver.SPLUNK ? "put the ARN of the token in logging.splunk.token" : "reference it as a secret ARN");
        }
        if (l.driver() == LogDriver.SPLUNK) {
            if (l.splunk() == null) {
                p.add(b + "splunk", "the splunk driver needs logging.splunk with url and token", "");
            } else {
                p.require(l.splunk().url() != null && l.splunk().url().matches("https?://.+"), b + "splunk.url",
                        "splunk url must be the HEC URL", "e.g. https://splunk.example.com:8088");
                p.require(l.splunk().tokenSecretArn() != null && SECRET_ARN.matcher(l.splunk().tokenSecretArn()).matches(),
                        b + "splunk.token", "the Splunk HEC token must be a Secrets Manager or SSM ARN, never the token itself",
                        "store the token as a secret and write its ARN");
                String f = l.splunk().format();
                p.require(f == null || Set.of("inline", "json", "raw").contains(f), b + "splunk.format",
                        "splunk format must be inline, json or raw", "");
            }
        }
    }

    private static void autoscaling(Problems p, ServiceIntent s) {
        ServiceIntent.Autoscaling a = s.autoscaling();
        if (a == null) {
            return;
        }
        String b = "service.autoscaling.";
        p.require(a.min() >= 1 && a.min() <= a.max(), b + "min", "need 1 <= min <= max, got min " + a.min() + ", max " + a.max(),
                "a HorizontalPodAutoscaler cannot scale to 0, so min is at least 1 on every target");
        p.require(a.cpuPercent() != null || a.memoryPercent() != null || a.requestsPerTarget() != null, b + "cpuPercent",
                "autoscaling needs cpuPercent, memoryPercent or requestsPerTarget", "");
        p.require(a.requestsPerTarget() == null || a.requestsPerTarget() >= 1, b + "requestsPerTarget",
                "requestsPerTarget must be at least 1", "");
        for (Integer v : new Integer[] {a.cpuPercent(), a.memoryPercent()}) {
            p.require(v == null || (v >= 1 && v <= 100), b + "cpuPercent", "utilization targets are 1-100 percent", "");
        }
        p.require(wholeSeconds(a.scaleInCooldown()) && wholeSeconds(a.scaleOutCooldown()) && a.scaleInCooldown().toSeconds() <= 3600
                && a.scaleOutCooldown().toSeconds() <= 3600, b + "scaleInCooldown",
                "cool-downs are whole seconds up to 3600 (the Kubernetes stabilization window limit)", "");
    }

    private static void rollout(Problems p, RenderInput in) {
        RolloutIntent r = in.rollout();
        p.require("rolling".equals(r.strategy()), "rollout.strategy",
                "strategy '" + r.strategy() + "' cannot be rendered identically to every target type yet", "use strategy: rolling");
        p.require(!r.maxUnavailable().percent() || r.maxUnavailable().value() <= 100, "rollout.maxUnavailable",
                "maxUnavailable cannot exceed 100%", "");
        RolloutMath.Counts c = RolloutMath.resolve(Math.max(1, in.service().initialReplicas()), r);
        p.require(c.canProgress(), "rollout.maxSurge",
                "maxSurge " + r.maxSurge() + " and maxUnavailable " + r.maxUnavailable() + " both come to 0 tasks at "
                        + in.service().initialReplicas() + " replicas, so no rollout could ever start a new task or stop an old one",
                "allow at least one: e.g. maxSurge: 1 or maxSurge: 100%");
        p.require(wholeSeconds(r.timeout()) && r.timeout().toSeconds() >= 1, "rollout.timeout", "timeout must be whole seconds", "");
    }

    private static void sidecars(Problems p, ServiceIntent s) {
        Set<String> names = new HashSet<>(Set.of(s.name()));
        java.math.BigDecimal cpu = java.math.BigDecimal.ZERO;
        int mem = 0;
        for (int i = 0; i < s.sidecars().size(); i++) {
            Sidecar sc = s.sidecars().get(i);
            String b = "service.sidecars[" + i + "].";
            p.require(DNS_LABEL.matcher(sc.name()).matches(), b + "name", "'" + sc.name() + "' is not a valid container name",
                    "lower-case letters, digits and '-'");
            p.require(names.add(sc.name()) && !sc.name().equals("log-router"), b + "name",
                    "container name '" + sc.name() + "' is already used", "pick another name");
            if (sc.cpu() != null) {
                p.require(Sizing.isExact(sc.cpu()), b + "cpu", "sidecar cpu must be a multiple of 0.125 vCPU", "");
                cpu = cpu.add(sc.cpu());
            }
            if (sc.memoryMiB() != null) {
                mem += sc.memoryMiB();
            }
        }
        p.require(cpu.compareTo(s.cpu()) < 0, "service.sidecars", "sidecars reserve " + cpu.toPlainString()
                + " vCPU, which leaves nothing of the task's " + s.cpu().toPlainString() + " vCPU for the service", "raise service.cpu");
        p.require(mem < s.memoryMiB(), "service.sidecars", "sidecars reserve " + mem + " MiB, which leaves nothing of the task's "
                + s.memoryMiB() + " MiB for the service", "raise service.memory");
    }

    private static void volumes(Problems p, ServiceIntent s) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < s.scratchVolumes().size(); i++) {
            ServiceIntent.ScratchVolume v = s.scratchVolumes().get(i);
            String b = "service.volumes[" + (s.volumes().size() + i) + "].";
            p.require(names.add(v.name()), b + "name", "volume name '" + v.name() + "' is used twice", "");
            p.require(DNS_LABEL.matcher(v.name()).matches(), b + "name", "'" + v.name() + "' is not a valid volume name", "");
            p.require(v.mountPath().startsWith("/"), b + "mountPath", "mountPath must be absolute", "");
            p.require(v.hostPath() == null || v.hostPath().startsWith("/"), b + "host.path", "host path must be absolute", "");
        }
        for (int i = 0; i < s.volumes().size(); i++) {
            EfsVolume v = s.volumes().get(i);
            String b = "service.volumes[" + i + "].";
            p.require(names.add(v.name()), b + "name", "volume name '" + v.name() + "' is used twice", "");
            p.require(DNS_LABEL.matcher(v.name()).matches(), b + "name", "'" + v.name() + "' is not a valid volume name", "");
            p.require(v.fileSystemId().matches("fs-[0-9a-f]{8,40}"), b + "fileSystemId", "'" + v.fileSystemId() + "' is not an EFS id",
                    "e.g. fs-0123456789abcdef0");
            p.require(v.mountPath().startsWith("/"), b + "mountPath", "mountPath must be absolute", "");
            boolean needsTls = v.accessPointId() != null || v.iam();
            p.require(!needsTls || v.encryptInTransit(), b + "transitEncryption",
                    "EFS " + (v.accessPointId() != null ? "access points" : "IAM authorization") + " require transit encryption",
                    "remove transitEncryption: false");
            p.require(v.accessPointId() == null || v.rootDirectory() == null || "/".equals(v.rootDirectory()), b + "rootDirectory",
                    "with an access point the root directory comes from the access point", "remove rootDirectory");
            p.require(v.accessPointId() == null || v.accessPointId().matches("fsap-[0-9a-f]{8,40}"), b + "accessPointId",
                    "'" + v.accessPointId() + "' is not an EFS access point id", "");
        }
    }
}
