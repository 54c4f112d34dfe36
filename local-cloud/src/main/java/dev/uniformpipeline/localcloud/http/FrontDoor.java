package dev.uniformpipeline.localcloud.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.uniformpipeline.localcloud.faults.Faults;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.QueryProtocolService;
import dev.uniformpipeline.localcloud.spi.RawHttpService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.RestJsonService;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP endpoint of local-cloud. Decodes the wire protocol of each request, finds the service, applies
 * injected faults, calls the service and encodes its answer or its {@link AwsException} the way the protocol
 * does on AWS (AWS-FACTS §1). Routing, in order:
 * <ol>
 * <li>{@link RawHttpService}s by path prefix (e.g. the OCI registry's {@code /v2/});</li>
 * <li>JSON protocol by the {@code X-Amz-Target} prefix;</li>
 * <li>query protocol ({@code Action=} in a form body or the query string) by the SigV4 credential scope's
 * service name, falling back on {@code Version=};</li>
 * <li>rest-json by path prefix.</li>
 * </ol>
 * Every response carries an {@code x-amzn-RequestId} header.
 */
public final class FrontDoor implements AutoCloseable {
    /** The account of static access keys that are not themselves 12-digit account ids. */
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String HEALTH_PATH = "/_localcloud/health";
    private static final int MAX_BODY = 32 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(FrontDoor.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final CloudClock clock;
    private final Faults faults;
    private final ThreadPoolExecutor executor;
    private final Map<String, JsonProtocolService> jsonByPrefix = new LinkedHashMap<>();
    private final Map<String, QueryProtocolService> queryBySigningName = new LinkedHashMap<>();
    private final Map<String, QueryProtocolService> queryByVersion = new LinkedHashMap<>();
    private final List<Map.Entry<String, RestJsonService>> restByPrefix = new ArrayList<>();
    private final List<RawHttpService> raw = new ArrayList<>();
    private final List<CallerResolver> resolvers = new CopyOnWriteArrayList<>();

    public FrontDoor(HttpServer server, CloudClock clock, Faults faults, int threads) {
        this.server = server;
        this.clock = clock;
        this.faults = faults;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                r -> {
                    Thread t = new Thread(r, "local-cloud-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Registers a service object under every protocol interface it implements. Call before {@link #start()}. A later
     * registration for the same target prefix, signing name, API version or path prefix replaces the earlier one.
     */
    public void register(Object service) {
        if (service instanceof JsonProtocolService s) {
            jsonByPrefix.put(s.targetPrefix(), s);
        }
        if (service instanceof QueryProtocolService s) {
            queryBySigningName.put(s.signingName(), s);
            queryByVersion.put(s.apiVersion(), s);
        }
        if (service instanceof RestJsonService s) {
            for (String p : s.pathPrefixes()) {
                restByPrefix.removeIf(e -> e.getKey().equals(p));
                restByPrefix.add(Map.entry(p, s));
            }
            restByPrefix.sort(Comparator.comparing((Map.Entry<String, RestJsonService> e) -> e.getKey().length())
                    .reversed());
        }
        if (service instanceof RawHttpService s) {
            raw.removeIf(r -> r.pathPrefix().equals(s.pathPrefix()));
            raw.add(s);
            raw.sort(Comparator.comparing((RawHttpService r) -> r.pathPrefix().length()).reversed());
        }
        if (service instanceof CallerResolver r) {
            resolvers.add(0, r);
        }
    }

    public void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange ex) {
        String requestId = UUID.randomUUID().toString();
        try {
            dispatch(ex, requestId);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "local-cloud: client went away during request " + requestId, e);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "local-cloud: unexpected failure answering " + ex.getRequestMethod()
                    + " " + ex.getRequestURI() + " (request " + requestId + ")", t);
            if (ex.getResponseCode() < 0) {
                try {
                    sendJsonError(ex, requestId, "application/json",
                            new AwsException("InternalFailure", "The request processing has failed because of an "
                                    + "unknown error, exception or failure.", 500, false));
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        } finally {
            ex.close();
        }
    }

    private void dispatch(HttpExchange ex, String requestId) throws Exception {
        String path = ex.getRequestURI().getPath();
        for (RawHttpService r : raw) {
            if (path.startsWith(r.pathPrefix())) {
                ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
                r.handler().handle(ex);
                return;
            }
        }
        if (path.equals(HEALTH_PATH)) {
            send(ex, 200, "application/json", requestId, "{\"status\":\"running\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            sendJsonError(ex, requestId, "application/json",
                    new AwsException("RequestEntityTooLarge", "Request body larger than " + MAX_BODY + " bytes", 413,
                            true));
            return;
        }
        Map<String, String> query = parseForm(ex.getRequestURI().getRawQuery());
        Optional<SigV4Credential> cred = SigV4Credential.fromAuthorization(
                ex.getRequestHeaders().getFirst("Authorization"));
        if (cred.isEmpty()) {
            cred = SigV4Credential.fromQuery(query);
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            json(ex, requestId, target, body, cred);
            return;
        }
        String contentType = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("")
                .toLowerCase(Locale.ROOT);
        boolean formPost = "POST".equals(ex.getRequestMethod())
                && contentType.startsWith("application/x-www-form-urlencoded");
        if (formPost || query.containsKey("Action")) {
            Map<String, String> params = new LinkedHashMap<>(query);
            if (formPost) {
                params.putAll(parseForm(new String(body, StandardCharsets.UTF_8)));
            }
            query(ex, requestId, params, cred);
            return;
        }
        for (Map.Entry<String, RestJsonService> e : restByPrefix) {
            if (path.startsWith(e.getKey())) {
                rest(ex, requestId, e.getValue(), body, cred);
                return;
            }
        }
        AwsException unknown = new AwsException("UnknownOperationException",
                "No local-cloud service serves " + ex.getRequestMethod() + " " + path, 404, true);
        ex.getResponseHeaders().set("X-Amzn-ErrorType", unknown.code());
        sendJsonError(ex, requestId, "application/json", unknown);
    }

    // ---------------------------------------------------------------- JSON 1.0 / 1.1

    private void json(HttpExchange ex, String requestId, String target, byte[] body, Optional<SigV4Credential> cred)
            throws IOException {
        int dot = target.lastIndexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "" : target.substring(dot + 1);
        JsonProtocolService service = jsonByPrefix.get(prefix);
        String contentType = "application/x-amz-json-" + (service == null ? "1.1" : service.jsonVersion());
        try {
            if (service == null || operation.isEmpty()) {
                throw AwsException.client("UnknownOperationException",
                        "The operation " + target + " is not served by local-cloud (unknown target prefix).");
            }
            JsonNode input;
            try {
                input = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw AwsException.client("SerializationException",
                        "Request body is not valid JSON: " + e.getOriginalMessage());
            }
            if (input == null || input.isMissingNode() || input.isNull()) {
                input = MAPPER.createObjectNode();
            }
            if (!input.isObject()) {
                throw AwsException.client("SerializationException", "Request body must be a JSON object");
            }
            RequestContext ctx = context(cred, requestId, "ExpiredTokenException");
            injectFaults(service.signingName(), operation, ctx, "ThrottlingException", 400,
                    jsonFaultCode(service.signingName()));
            JsonNode out;
            try {
                out = service.call(operation, input, ctx);
            } catch (RuntimeException e) {
                throw internal(service.signingName(), operation, requestId, e, jsonFaultCode(service.signingName()));
            }
            byte[] bytes = MAPPER.writeValueAsBytes(out == null ? MAPPER.createObjectNode() : out);
            send(ex, 200, contentType, requestId, bytes);
        } catch (AwsException e) {
            sendJsonError(ex, requestId, contentType, e);
        }
    }

    private static String jsonFaultCode(String signingName) {
        return switch (signingName) {
            case "logs" -> "ServiceUnavailableException";
            case "events" -> "InternalException";
            case "application-autoscaling" -> "InternalServiceException";
            default -> "ServerException";
        };
    }

    private void sendJsonError(HttpExchange ex, String requestId, String contentType, AwsException e)
            throws IOException {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("__type", e.code());
        o.put("message", e.getMessage());
        send(ex, e.httpStatus(), contentType, requestId, MAPPER.writeValueAsBytes(o));
    }

    // ---------------------------------------------------------------- query (form in, XML out)

    private void query(HttpExchange ex, String requestId, Map<String, String> params, Optional<SigV4Credential> cred)
            throws IOException {
        QueryProtocolService service = cred.map(c -> queryBySigningName.get(c.service())).orElse(null);
        if (service == null && params.containsKey("Version")) {
            service = queryByVersion.get(params.get("Version"));
        }
        boolean wantsJson = Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")).orElse("")
                .toLowerCase(Locale.ROOT).contains("application/json");
        String ns = service == null ? null : service.xmlNamespace();
        String action = params.get("Action");
        try {
            if (action == null || action.isEmpty()) {
                throw AwsException.client("MissingAction", "The request must contain the parameter Action.");
            }
            if (service == null) {
                throw AwsException.client("InvalidAction", "The action " + action + " is not valid for this web "
                        + "service (no local-cloud query service for credential scope "
                        + cred.map(SigV4Credential::service).orElse("<none>") + ", Version "
                        + params.get("Version") + ").");
            }
            // STS models the code with its suffix (AWS-FACTS §1); other query services answer ExpiredToken
            RequestContext ctx = context(cred, requestId,
                    service.signingName().equals("sts") ? "ExpiredTokenException" : "ExpiredToken");
            injectFaults(service.signingName(), action, ctx, "Throttling", 400, "InternalFailure");
            String inner;
            try {
                inner = service.call(action, params, ctx);
            } catch (RuntimeException e) {
                throw internal(service.signingName(), action, requestId, e, "InternalFailure");
            }
            StringBuilder xml = new StringBuilder(256 + (inner == null ? 0 : inner.length()));
            xml.append('<').append(action).append("Response xmlns=\"").append(Xml.escape(ns)).append("\">");
            if (inner != null) {
                xml.append('<').append(action).append("Result>").append(inner).append("</").append(action)
                        .append("Result>");
            }
            xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
            xml.append("</").append(action).append("Response>");
            if (wantsJson) {
                byte[] bytes;
                try {
                    bytes = MAPPER.writeValueAsBytes(Xml.toJson(xml.toString()));
                } catch (Exception e) {
                    throw internal(service.signingName(), action, requestId, e, "InternalFailure");
                }
                send(ex, 200, "application/json", requestId, bytes);
            } else {
                send(ex, 200, "text/xml", requestId, xml.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (AwsException e) {
            if (wantsJson) {
                ObjectNode o = MAPPER.createObjectNode();
                ObjectNode err = o.putObject("Error");
                err.put("Type", e.sender() ? "Sender" : "Receiver");
                err.put("Code", e.code());
                err.put("Message", e.getMessage());
                o.put("RequestId", requestId);
                send(ex, e.httpStatus(), "application/json", requestId, MAPPER.writeValueAsBytes(o));
                return;
            }
            String xml = "<ErrorResponse" + (ns == null ? "" : " xmlns=\"" + Xml.escape(ns) + "\"") + "><Error>"
                    + Xml.element("Type", e.sender() ? "Sender" : "Receiver") + Xml.element("Code", e.code())
                    + Xml.element("Message", e.getMessage()) + "</Error>" + Xml.element("RequestId", requestId)
                    + "</ErrorResponse>";
            send(ex, e.httpStatus(), "text/xml", requestId, xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- rest-json

    private void rest(HttpExchange ex, String requestId, RestJsonService service, byte[] body,
            Optional<SigV4Credential> cred) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        try {
            JsonNode input;
            try {
                input = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw AwsException.client("BadRequestException", "Request body is not valid JSON: "
                        + e.getOriginalMessage());
            }
            RequestContext ctx = context(cred, requestId, "ExpiredTokenException");
            String opKey = method + " " + path;
            injectFaults(service.signingName(), opKey, ctx, "TooManyRequestsException", 429, "ServerException");
            RestJsonService.Response r;
            try {
                r = service.call(method, path, parseMulti(ex.getRequestURI().getRawQuery()), input, ctx);
            } catch (RuntimeException e) {
                throw internal(service.signingName(), opKey, requestId, e, "ServerException");
            }
            byte[] bytes = r.body() == null ? new byte[0] : MAPPER.writeValueAsBytes(r.body());
            send(ex, r.status(), "application/json", requestId, bytes);
        } catch (AwsException e) {
            ex.getResponseHeaders().set("X-Amzn-ErrorType", e.code());
            ObjectNode o = MAPPER.createObjectNode();
            o.put("message", e.getMessage());
            send(ex, e.httpStatus(), "application/json", requestId, MAPPER.writeValueAsBytes(o));
        }
    }

    // ---------------------------------------------------------------- shared

    private RequestContext context(Optional<SigV4Credential> cred, String requestId, String expiredCode)
            throws AwsException {
        String region = cred.map(SigV4Credential::region).filter(r -> !r.isEmpty()).orElse(DEFAULT_REGION);
        String accessKey = cred.map(SigV4Credential::accessKeyId).orElse(null);
        Caller caller = caller(accessKey);
        if (caller.expiration() != null && !clock.now().isBefore(caller.expiration())) {
            throw AwsException.client(expiredCode, "The security token included in the request is expired");
        }
        return new RequestContext(region, caller.accountId(), accessKey, requestId);
    }

    /** The identity behind an access key (STS-issued keys first; a 12-digit key is its own account). */
    public Caller caller(String accessKeyId) {
        if (accessKeyId != null) {
            for (CallerResolver r : resolvers) {
                Optional<Caller> c = r.resolve(accessKeyId);
                if (c.isPresent()) {
                    return c.get();
                }
            }
            if (accessKeyId.matches("\\d{12}")) {
                return Caller.root(accessKeyId);
            }
        }
        return Caller.root(DEFAULT_ACCOUNT);
    }

    private void injectFaults(String service, String action, RequestContext ctx, String throttleCode,
            int throttleStatus, String faultCode) throws AwsException {
        Optional<Faults.Injected> f;
        try {
            f = faults.apply(service, action, ctx.accountId(), ctx.region());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(faultCode, "local-cloud is shutting down", 503, false);
        }
        if (f.isEmpty()) {
            return;
        }
        if (f.get() == Faults.Injected.THROTTLED) {
            throw new AwsException(throttleCode, "Rate exceeded", throttleStatus, true);
        }
        throw new AwsException(faultCode, "Injected failure: the service could not complete " + action + ".",
                faultCode.startsWith("ServiceUnavailable") ? 503 : 500, false);
    }

    private static AwsException internal(String service, String action, String requestId, Exception e, String code) {
        LOG.log(System.Logger.Level.ERROR, "local-cloud: " + service + " " + action + " failed unexpectedly (request "
                + requestId + ")", e);
        return new AwsException(code, "An internal error occurred in local-cloud " + service + " " + action + " ("
                + e.getClass().getSimpleName() + "). Request id " + requestId + ".", 500, false);
    }

    private static void send(HttpExchange ex, int status, String contentType, String requestId, byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean noBody = body.length == 0 || "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            ex.getResponseBody().write(body);
        }
    }

    /** Decodes {@code a=1&b=2} (form body or raw query string); the last value of a repeated name wins. */
    static Map<String, String> parseForm(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        parseMulti(s).forEach((k, values) -> out.put(k, values.get(values.size() - 1)));
        return out;
    }

    private static Map<String, List<String>> parseMulti(String s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
