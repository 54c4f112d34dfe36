package dev.uniformpipeline.localcloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks RegisterTaskDefinition performs before it stores a revision, and the normalisation it applies
 * (cpu/memory units converted to the API's integer strings, defaults filled in). Errors are
 * {@code ClientException} for invalid definitions and {@code InvalidParameterException} for malformed
 * parameters, each naming the field and what would be valid.
 */
final class TaskDefinitionValidator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    static final Set<String> NETWORK_MODES = Set.of("bridge", "host", "awsvpc", "none");
    static final Set<String> FARGATE_LOG_DRIVERS = Set.of("awslogs", "splunk", "awsfirelens");
    static final Set<String> EC2_LOG_DRIVERS = Set.of("awslogs", "fluentd", "gelf", "json-file", "journald",
            "syslog", "splunk", "awsfirelens");
    /** Fargate task sizes: cpu → allowed memory values (MiB). */
    static final Map<Integer, int[]> FARGATE_SIZES = Map.of(
            256, new int[] {512, 1024, 2048},
            512, range(1024, 4096, 1024),
            1024, range(2048, 8192, 1024),
            2048, range(4096, 16384, 1024),
            4096, range(8192, 30720, 1024),
            8192, range(16384, 61440, 4096),
            16384, range(32768, 122880, 8192));

    private TaskDefinitionValidator() {
    }

    private static int[] range(int from, int to, int step) {
        int[] r = new int[(to - from) / step + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i * step;
        }
        return r;
    }

    static boolean fargateSizeAllowed(int cpu, int memory) {
        int[] allowed = FARGATE_SIZES.get(cpu);
        if (allowed == null) {
            return false;
        }
        for (int m : allowed) {
            if (m == memory) {
                return true;
            }
        }
        return false;
    }

    /** Validates a RegisterTaskDefinition request and returns the normalised definition body (no ARN yet). */
    static ObjectNode validate(JsonNode in) throws AwsException {
        String family = text(in, "family");
        if (family == null) {
            throw invalid("family: required. Give the task definition family a name of letters, digits, - or _.");
        }
        if (!FAMILY.matcher(family).matches()) {
            throw client("family '" + family + "' is invalid: up to 255 letters (uppercase and lowercase), numbers,"
                    + " underscores, and hyphens are allowed.");
        }
        JsonNode defs = in.get("containerDefinitions");
        if (defs == null || !defs.isArray() || defs.isEmpty()) {
            throw invalid("containerDefinitions: required. A task definition needs at least one container.");
        }
        Set<String> compat = new HashSet<>();
        JsonNode rc = in.get("requiresCompatibilities");
        if (rc != null && rc.isArray()) {
            for (JsonNode c : rc) {
                String v = c.asText();
                if (!Set.of("EC2", "FARGATE", "EXTERNAL").contains(v)) {
                    throw invalid("requiresCompatibilities: '" + v + "' is not one of EC2, FARGATE, EXTERNAL.");
                }
                compat.add(v);
            }
        }
        boolean fargate = compat.contains("FARGATE");
        String networkMode = text(in, "networkMode");
        if (networkMode != null && !NETWORK_MODES.contains(networkMode)) {
            throw invalid("networkMode: '" + networkMode + "' is not one of bridge, host, awsvpc, none.");
        }
        if (fargate && !"awsvpc".equals(networkMode)) {
            throw client("Fargate only supports network mode 'awsvpc'. Set networkMode to awsvpc (was "
                    + (networkMode == null ? "unset, which means bridge" : "'" + networkMode + "'") + ").");
        }
        Integer cpu = units(in, "cpu", true);
        Integer memory = units(in, "memory", false);
        if (fargate) {
            if (cpu == null || memory == null) {
                throw client("Fargate requires that 'cpu' and 'memory' be defined at the task level."
                        + " Add task-level cpu (e.g. \"256\") and memory (e.g. \"512\").");
            }
            if (!fargateSizeAllowed(cpu, memory)) {
                throw client("No Fargate configuration exists for given values: " + cpu + " CPU, " + memory
                        + " memory. " + fargateHint(cpu) + " See the Amazon ECS documentation for the valid values.");
            }
        }
        if (cpu != null && !fargate && (cpu < 128 || cpu > 196608)) {
            throw client("Invalid 'cpu' setting for task: " + cpu + ". Task-level cpu must be 128 to 196608 units.");
        }
        String executionRole = text(in, "executionRoleArn");

        ArrayNode containers = F.arrayNode();
        Set<String> names = new HashSet<>();
        boolean anyEssential = false;
        int firelensRouters = 0;
        boolean anyFirelensDriver = false;
        for (JsonNode cd : defs) {
            ObjectNode c = ((ObjectNode) cd).deepCopy();
            String name = text(c, "name");
            if (name == null || !CONTAINER_NAME.matcher(name).matches()) {
                throw client("containerDefinitions[].name: required; up to 255 letters, numbers, hyphens and"
                        + " underscores (was " + (name == null ? "missing" : "'" + name + "'") + ").");
            }
            if (!names.add(name)) {
                throw client("Duplicate container name '" + name + "': container names must be unique within a"
                        + " task definition.");
            }
            String where = "Container '" + name + "': ";
            if (text(c, "image") == null) {
                throw client(where + "image is required, e.g. <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>.");
            }
            boolean essential = !c.has("essential") || c.get("essential").asBoolean(true);
            c.put("essential", essential);
            anyEssential |= essential;
            if (!c.has("cpu")) {
                c.put("cpu", 0);
            }
            Integer cMem = c.hasNonNull("memory") ? c.get("memory").asInt() : null;
            Integer cRes = c.hasNonNull("memoryReservation") ? c.get("memoryReservation").asInt() : null;
            if (memory == null && cMem == null && cRes == null) {
                throw client("Invalid setting for container '" + name + "'. At least one of 'memory' or"
                        + " 'memoryReservation' must be specified.");
            }
            if (cMem != null && cRes != null && cRes > cMem) {
                throw client(where + "memoryReservation (" + cRes + ") must not exceed memory (" + cMem + ").");
            }
            if (cMem != null && cMem < 6) {
                throw client(where + "memory must be at least 6 MiB (was " + cMem + ").");
            }
            if (memory != null && cMem != null && cMem > memory) {
                throw client(where + "memory (" + cMem + ") exceeds the task's memory (" + memory + ").");
            }
            validatePorts(c, name, networkMode == null ? "bridge" : networkMode);
            validateEnvironment(c, name);
            validateSecrets(c.get("secrets"), where + "secrets", executionRole);
            JsonNode log = c.get("logConfiguration");
            if (log != null && !log.isNull()) {
                String driver = validateLog(log, where, fargate, executionRole);
                anyFirelensDriver |= "awsfirelens".equals(driver);
            }
            JsonNode fl = c.get("firelensConfiguration");
            if (fl != null && !fl.isNull()) {
                firelensRouters++;
                String type = text(fl, "type");
                if (!"fluentbit".equals(type) && !"fluentd".equals(type)) {
                    throw client(where + "firelensConfiguration.type must be fluentbit or fluentd (was "
                            + (type == null ? "missing" : "'" + type + "'") + ").");
                }
                JsonNode opts = fl.get("options");
                if (opts != null && opts.has("config-file-type")) {
                    String t = opts.get("config-file-type").asText();
                    if (!"s3".equals(t) && !"file".equals(t)) {
                        throw client(where + "firelensConfiguration.options.config-file-type must be s3 or file.");
                    }
                    if (fargate && "s3".equals(t)) {
                        throw client(where + "Fargate supports only config-file-type 'file' for FireLens.");
                    }
                    if (!opts.has("config-file-value")) {
                        throw client(where + "firelensConfiguration.options.config-file-value is required with"
                                + " config-file-type.");
                    }
                }
            }
            validateHealthCheck(c.get("healthCheck"), where);
            containers.add(c);
        }
        if (!anyEssential) {
            throw client("Task definition does not have any essential container. Mark at least one container"
                    + " essential.");
        }
        if (firelensRouters > 1) {
            throw client("Only one container in a task definition can have a firelensConfiguration (found "
                    + firelensRouters + ").");
        }
        if (anyFirelensDriver && firelensRouters == 0) {
            throw client("A container uses the awsfirelens log driver but no container has a firelensConfiguration."
                    + " Add a log router container (fluentbit or fluentd) to the task definition.");
        }
        for (JsonNode c : containers) {
            JsonNode deps = c.get("dependsOn");
            if (deps != null && deps.isArray()) {
                for (JsonNode d : deps) {
                    String dn = text(d, "containerName");
                    if (dn == null || !names.contains(dn)) {
                        throw client("Container '" + c.get("name").asText() + "': dependsOn names container '" + dn
                                + "', which is not in this task definition.");
                    }
                    String cond = text(d, "condition");
                    if (cond == null || !Set.of("START", "COMPLETE", "SUCCESS", "HEALTHY").contains(cond)) {
                        throw invalid("dependsOn.condition must be START, COMPLETE, SUCCESS or HEALTHY (was "
                                + cond + ").");
                    }
                }
            }
        }

        ObjectNode out = F.objectNode();
        out.set("containerDefinitions", containers);
        out.put("family", family);
        copy(in, out, "taskRoleArn");
        copy(in, out, "executionRoleArn");
        out.put("networkMode", networkMode == null ? "bridge" : networkMode);
        out.set("volumes", in.has("volumes") ? in.get("volumes") : F.arrayNode());
        out.set("placementConstraints", in.has("placementConstraints") ? in.get("placementConstraints")
                : F.arrayNode());
        ArrayNode compatibilities = out.putArray("compatibilities");
        compatibilities.add("EC2");
        if (fargateCompatible(networkMode, cpu, memory, containers)) {
            compatibilities.add("FARGATE");
        }
        ArrayNode req = out.putArray("requiresCompatibilities");
        compat.stream().sorted().forEach(req::add);
        if (cpu != null) {
            out.put("cpu", Integer.toString(cpu));
        }
        if (memory != null) {
            out.put("memory", Integer.toString(memory));
        }
        copy(in, out, "pidMode");
        copy(in, out, "ipcMode");
        copy(in, out, "proxyConfiguration");
        copy(in, out, "inferenceAccelerators");
        copy(in, out, "ephemeralStorage");
        copy(in, out, "runtimePlatform");
        return out;
    }

    private static boolean fargateCompatible(String networkMode, Integer cpu, Integer memory, ArrayNode containers) {
        if (!"awsvpc".equals(networkMode) || cpu == null || memory == null || !fargateSizeAllowed(cpu, memory)) {
            return false;
        }
        for (JsonNode c : containers) {
            JsonNode log = c.get("logConfiguration");
            if (log != null && log.has("logDriver") && !FARGATE_LOG_DRIVERS.contains(log.get("logDriver").asText())) {
                return false;
            }
        }
        return true;
    }

    private static String fargateHint(int cpu) {
        int[] allowed = FARGATE_SIZES.get(cpu);
        if (allowed == null) {
            return "Fargate cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384.";
        }
        return "With cpu " + cpu + ", memory must be one of " + (allowed.length <= 4
                ? java.util.Arrays.toString(allowed)
                : allowed[0] + " to " + allowed[allowed.length - 1] + " in steps of " + (allowed[1] - allowed[0]))
                + " MiB.";
    }

    private static void validatePorts(ObjectNode c, String name, String networkMode) throws AwsException {
        JsonNode pms = c.get("portMappings");
        if (pms == null || pms.isNull()) {
            c.putArray("portMappings");
            return;
        }
        for (JsonNode pm : pms) {
            ObjectNode p = (ObjectNode) pm;
            if (!p.hasNonNull("containerPort")) {
                throw client("Container '" + name + "': portMappings[].containerPort is required.");
            }
            int cp = p.get("containerPort").asInt();
            if (cp < 1 || cp > 65535) {
                throw client("Container '" + name + "': containerPort " + cp + " is outside 1-65535.");
            }
            Integer hp = p.hasNonNull("hostPort") ? p.get("hostPort").asInt() : null;
            if (("awsvpc".equals(networkMode) || "host".equals(networkMode)) && hp != null && hp != cp) {
                throw invalid("When networkMode=" + networkMode + ", the host ports and container ports in port"
                        + " mappings must match. Container '" + name + "' maps containerPort " + cp + " to hostPort "
                        + hp + ": omit hostPort or set it to " + cp + ".");
            }
            if ("none".equals(networkMode)) {
                throw client("Container '" + name + "': portMappings are not allowed with networkMode 'none'.");
            }
            String proto = p.hasNonNull("protocol") ? p.get("protocol").asText() : "tcp";
            if (!"tcp".equals(proto) && !"udp".equals(proto)) {
                throw invalid("Container '" + name + "': portMappings[].protocol must be tcp or udp (was " + proto + ").");
            }
            p.put("protocol", proto);
            if ("awsvpc".equals(networkMode) || "host".equals(networkMode)) {
                p.put("hostPort", cp);
            } else if (hp == null) {
                p.put("hostPort", 0);
            }
        }
    }

    private static void validateEnvironment(ObjectNode c, String name) throws AwsException {
        if (!c.has("mountPoints")) {
            c.putArray("mountPoints");
        }
        if (!c.has("volumesFrom")) {
            c.putArray("volumesFrom");
        }
        JsonNode env = c.get("environment");
        if (env == null || env.isNull()) {
            c.putArray("environment");
            return;
        }
        for (JsonNode e : env) {
            if (text(e, "name") == null) {
                throw client("Container '" + name + "': environment[].name is required.");
            }
        }
    }

    private static void validateSecrets(JsonNode secrets, String where, String executionRole) throws AwsException {
        if (secrets == null || secrets.isNull()) {
            return;
        }
        if (!secrets.isArray()) {
            throw invalid(where + " must be a list of {name, valueFrom}.");
        }
        for (JsonNode s : secrets) {
            String n = text(s, "name");
            String v = text(s, "valueFrom");
            if (n == null || v == null) {
                throw client(where + ": each entry needs both 'name' and 'valueFrom' (got " + s + ").");
            }
            if (v.startsWith("arn:")) {
                if (!v.matches("arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:parameter/.+")
                        && !v.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[^:]+(:[^:]*:[^:]*:[^:]*)?")) {
                    throw client(where + ": valueFrom '" + v + "' is neither an SSM parameter ARN"
                            + " (arn:aws:ssm:<region>:<account>:parameter/<name>) nor a Secrets Manager secret ARN"
                            + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<stage>:<version>]).");
                }
            }
            if (executionRole == null) {
                throw client("When you are specifying container secrets, you must also specify a value for"
                        + " 'executionRoleArn'. (" + where + " '" + n + "')");
            }
        }
    }

    private static String validateLog(JsonNode log, String where, boolean fargate, String executionRole)
            throws AwsException {
        String driver = text(log, "logDriver");
        if (driver == null) {
            throw client(where + "logConfiguration.logDriver is required.");
        }
        Set<String> allowed = fargate ? FARGATE_LOG_DRIVERS : EC2_LOG_DRIVERS;
        if (!allowed.contains(driver)) {
            throw client(where + "log driver '" + driver + "' is not supported"
                    + (fargate ? " on Fargate" : "") + ". Supported: " + String.join(", ", sorted(allowed)) + ".");
        }
        JsonNode opts = log.get("options");
        if (opts != null && !opts.isNull()) {
            if (!opts.isObject()) {
                throw invalid(where + "logConfiguration.options must be a map of strings.");
            }
            var it = opts.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw invalid(where + "logConfiguration.options['" + e.getKey() + "'] must be a string (was "
                            + e.getValue() + ").");
                }
            }
        }
        if ("awslogs".equals(driver)) {
            if (opts == null || text(opts, "awslogs-group") == null || text(opts, "awslogs-region") == null) {
                throw client(where + "the awslogs log driver needs options 'awslogs-group' and 'awslogs-region'.");
            }
            if (fargate && text(opts, "awslogs-stream-prefix") == null) {
                throw client(where + "the awslogs log driver needs option 'awslogs-stream-prefix' on Fargate.");
            }
            if (text(opts, "awslogs-datetime-format") != null && text(opts, "awslogs-multiline-pattern") != null) {
                throw client(where + "awslogs-datetime-format and awslogs-multiline-pattern are mutually exclusive.");
            }
            if (fargate && executionRole == null) {
                throw client("Fargate requires task definition to have execution role ARN to support log driver"
                        + " awslogs.");
            }
        }
        if ("splunk".equals(driver)) {
            if (opts == null || text(opts, "splunk-url") == null) {
                throw client(where + "the splunk log driver needs option 'splunk-url'.");
            }
            if (text(opts, "splunk-token") != null) {
                throw client(where + "put 'splunk-token' in logConfiguration.secretOptions (a Secrets Manager or SSM"
                        + " ARN), not in plain options.");
            }
        }
        validateSecrets(log.get("secretOptions"), where + "logConfiguration.secretOptions", executionRole);
        return driver;
    }

    private static void validateHealthCheck(JsonNode hc, String where) throws AwsException {
        if (hc == null || hc.isNull()) {
            return;
        }
        JsonNode cmd = hc.get("command");
        if (cmd == null || !cmd.isArray() || cmd.isEmpty()) {
            throw client(where + "healthCheck.command is required, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"].");
        }
        checkRange(hc, "interval", 5, 300, where);
        checkRange(hc, "timeout", 2, 60, where);
        checkRange(hc, "retries", 1, 10, where);
        checkRange(hc, "startPeriod", 0, 300, where);
        ObjectNode o = (ObjectNode) hc;
        if (!o.has("interval")) {
            o.put("interval", 30);
        }
        if (!o.has("timeout")) {
            o.put("timeout", 5);
        }
        if (!o.has("retries")) {
            o.put("retries", 3);
        }
    }

    private static void checkRange(JsonNode hc, String field, int min, int max, String where) throws AwsException {
        if (hc.hasNonNull(field)) {
            int v = hc.get(field).asInt();
            if (v < min || v > max) {
                throw client(where + "healthCheck." + field + " must be between " + min + " and " + max
                        + " (was " + v + ").");
            }
        }
    }

    /**
     * Task-level cpu/memory: strings in the API. Accepts "256", "1 vCPU", "0.5 vcpu", "1024", "2 GB", "2GB".
     * Numbers are rejected as the real deserializer would.
     */
    static Integer units(JsonNode in, String field, boolean cpu) throws AwsException {
        JsonNode n = in.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new AwsException("SerializationException", "Task-level '" + field + "' must be a string such as \""
                    + (cpu ? "256" : "512") + "\", not " + n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + n
                    + ".", 400, true);
        }
        String s = n.asText().trim();
        Matcher m = Pattern.compile("(?i)^([0-9]*\\.?[0-9]+)\\s*(vcpu|gb)?$").matcher(s);
        if (!m.matches()) {
            throw client("Invalid '" + field + "' value '" + s + "': use " + (cpu ? "CPU units (\"1024\") or vCPUs"
                    + " (\"1 vCPU\")" : "MiB (\"2048\") or GB (\"2 GB\")") + ".");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        if ("vcpu".equals(unit)) {
            if (!cpu) {
                throw client("Invalid 'memory' value '" + s + "': vCPU is a cpu unit.");
            }
            v = v.multiply(BigDecimal.valueOf(1024));
        } else if ("gb".equals(unit)) {
            if (cpu) {
                throw client("Invalid 'cpu' value '" + s + "': GB is a memory unit.");
            }
            v = v.multiply(BigDecimal.valueOf(1024));
        }
        try {
            return v.intValueExact();
        } catch (ArithmeticException e) {
            throw client("Invalid '" + field + "' value '" + s + "': it must come to a whole number.");
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static void copy(JsonNode in, ObjectNode out, String field) {
        if (in.hasNonNull(field)) {
            out.set(field, in.get(field));
        }
    }

    static String text(JsonNode n, String field) {
        if (n == null) {
            return null;
        }
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    static AwsException client(String message) {
        return AwsException.client("ClientException", message);
    }

    static AwsException invalid(String message) {
        return AwsException.client("InvalidParameterException", message);
    }
}
