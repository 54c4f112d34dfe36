package dev.uniformpipeline.localcloud.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.uniformpipeline.localcloud.ServiceContext;
import dev.uniformpipeline.localcloud.http.Caller;
import dev.uniformpipeline.localcloud.http.CallerResolver;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.QueryProtocolService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.uniformpipeline.localcloud.http.Xml.element;

/**
 * AWS STS (query protocol, 2011-06-15): GetCallerIdentity and AssumeRole. Keys issued by AssumeRole act in
 * the role's account (the front door resolves them through {@link CallerResolver}) until they expire on the
 * cloud clock. Roles are not modelled: any well-formed role ARN can be assumed.
 */
public final class StsService implements QueryProtocolService, StatefulService, CallerResolver {
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CloudClock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** Temporary credentials and who they belong to. */
    record Session(String accessKeyId, String secretAccessKey, String sessionToken, String accountId,
            String roleArn, String roleName, String roleId, String sessionName, Instant expiration) {
        String assumedRoleArn() {
            return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
        }
    }

    public StsService(ServiceContext context) {
        this.clock = context.clock();
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public String apiVersion() {
        return "2011-06-15";
    }

    @Override
    public String xmlNamespace() {
        return NAMESPACE;
    }

    @Override
    public String call(String action, Map<String, String> params, RequestContext ctx) throws AwsException {
        return switch (action) {
            case "GetCallerIdentity" -> getCallerIdentity(ctx);
            case "AssumeRole" -> assumeRole(params, ctx);
            default -> throw AwsException.client("InvalidAction",
                    "Could not find operation " + action + " for version " + apiVersion());
        };
    }

    @Override
    public Optional<Caller> resolve(String accessKeyId) {
        Session s = sessions.get(accessKeyId);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new Caller(s.accountId(), s.assumedRoleArn(), s.roleId() + ":" + s.sessionName(),
                s.expiration()));
    }

    private String getCallerIdentity(RequestContext ctx) {
        Caller c = ctx.accessKeyId() == null ? null : resolve(ctx.accessKeyId()).orElse(null);
        if (c == null) {
            c = Caller.root(ctx.accountId());
        }
        return element("UserId", c.userId()) + element("Account", c.accountId()) + element("Arn", c.arn());
    }

    private String assumeRole(Map<String, String> params, RequestContext ctx) throws AwsException {
        String roleArn = params.get("RoleArn");
        String sessionName = params.get("RoleSessionName");
        if (roleArn == null) {
            throw validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        }
        if (sessionName == null) {
            throw validation("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        }
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw validation("Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint: Member must have "
                    + "length between 20 and 2048");
        }
        if (sessionName.length() < 2 || sessionName.length() > 64) {
            throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member "
                    + "must have length between 2 and 64");
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation("Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw AwsException.client("ValidationError", "Request ARN is invalid");
        }
        boolean chained = ctx.accessKeyId() != null && sessions.containsKey(ctx.accessKeyId());
        int duration = 3600;
        String d = params.get("DurationSeconds");
        if (d != null) {
            try {
                duration = Integer.parseInt(d);
            } catch (NumberFormatException e) {
                throw validation("Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: Member must "
                        + "be an integer");
            }
            if (duration < 900 || duration > 43200) {
                throw validation("Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: Member "
                        + "must have value " + (duration < 900 ? "greater than or equal to 900" : "less than or "
                        + "equal to 43200"));
            }
            if (chained && duration > 3600) {
                throw AwsException.client("ValidationError", "The requested DurationSeconds exceeds the 1 hour "
                        + "session limit for roles assumed by role chaining.");
            }
        }
        String policy = params.get("Policy");
        if (policy != null) {
            try {
                JsonNode p = MAPPER.readTree(policy);
                if (p == null || !p.isObject()) {
                    throw new IllegalArgumentException("not an object");
                }
            } catch (Exception e) {
                throw AwsException.client("MalformedPolicyDocument", "The policy is not in the valid JSON format.");
            }
        }
        String account = m.group(1);
        String roleName = m.group(3);
        Instant expiration = clock.now().plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        Session s = new Session("ASIA" + randomKey(16), randomSecret(40), randomToken(), account, roleArn, roleName,
                roleId(roleArn), sessionName, expiration);
        sessions.put(s.accessKeyId(), s);
        return "<Credentials>" + element("AccessKeyId", s.accessKeyId())
                + element("SecretAccessKey", s.secretAccessKey()) + element("SessionToken", s.sessionToken())
                + element("Expiration", expiration.toString()) + "</Credentials>"
                + "<AssumedRoleUser>" + element("AssumedRoleId", s.roleId() + ":" + sessionName)
                + element("Arn", s.assumedRoleArn()) + "</AssumedRoleUser>"
                + (policy == null ? "" : element("PackedPolicySize", 6));
    }

    private static AwsException validation(String detail) {
        return AwsException.client("ValidationError", "1 validation error detected: " + detail);
    }

    /** Stable per role ARN, like AWS's role ids. */
    private static String roleId(String roleArn) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(roleArn.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder("AROA");
            for (int i = 0; i < 17; i++) {
                b.append(KEY_CHARS.charAt((h[i] & 0xff) % KEY_CHARS.length()));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomKey(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length())));
        }
        return b.toString();
    }

    private String randomSecret(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, n);
    }

    private String randomToken() {
        byte[] bytes = new byte[192];
        random.nextBytes(bytes);
        return "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(bytes);
    }

    // ---------------------------------------------------------------- state

    @Override
    public String stateName() {
        return "sts";
    }

    @Override
    public JsonNode snapshot() {
        ArrayNode a = MAPPER.createArrayNode();
        for (Session s : sessions.values()) {
            a.addObject().put("accessKeyId", s.accessKeyId()).put("secretAccessKey", s.secretAccessKey())
                    .put("sessionToken", s.sessionToken()).put("accountId", s.accountId())
                    .put("roleArn", s.roleArn()).put("roleName", s.roleName()).put("roleId", s.roleId())
                    .put("sessionName", s.sessionName()).put("expiration", s.expiration().toString());
        }
        return MAPPER.createObjectNode().set("sessions", a);
    }

    @Override
    public void restore(JsonNode snapshot) {
        sessions.clear();
        for (JsonNode n : snapshot.path("sessions")) {
            Session s = new Session(n.path("accessKeyId").asText(), n.path("secretAccessKey").asText(),
                    n.path("sessionToken").asText(), n.path("accountId").asText(), n.path("roleArn").asText(),
                    n.path("roleName").asText(), n.path("roleId").asText(), n.path("sessionName").asText(),
                    Instant.parse(n.path("expiration").asText()));
            sessions.put(s.accessKeyId(), s);
        }
    }
}
