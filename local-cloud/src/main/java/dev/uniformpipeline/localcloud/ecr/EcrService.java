package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpHandler;
import dev.uniformpipeline.localcloud.ServiceContext;
import dev.uniformpipeline.localcloud.http.FrontDoor;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import dev.uniformpipeline.localcloud.spi.ImageResolver.PullCredentials;
import dev.uniformpipeline.localcloud.spi.JsonProtocolService;
import dev.uniformpipeline.localcloud.spi.RawHttpService;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local Amazon ECR: the ECR API (awsJson1.1, target prefix {@code AmazonEC2ContainerRegistry_V20150921},
 * signing name {@code ecr}), the OCI distribution endpoint under {@code /v2/} that takes the ECR token as
 * Basic auth, the lifecycle-policy engine, and the image lookup ECS tasks use. See the package
 * documentation for how repository URIs look locally.
 */
public final class EcrService
        implements JsonProtocolService, StatefulService, RawHttpService, ImageResolver, AutoCloseable {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921";
    static final Pattern REPOSITORY_NAME =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern ECR_HOST =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");
    private static final Pattern LOOPBACK_HOST = Pattern.compile("(?:127\\.0\\.0\\.1|localhost|\\[::1\\])(?::\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudClock clock;
    private final BlobStore blobs;
    private final Supplier<String> registryAuthority;
    private final String defaultAccount;
    private final String defaultRegion;
    private final Duration scanDuration;
    private final RegistryTokens tokens;
    private final EcrFaults faults;
    private final RegistryHandler registryHandler;
    private final Object lock = new Object();
    private final Map<EcrRepository.Key, EcrRepository> repositories = new HashMap<>();
    /** Registry-level account settings per "account/region" (PutAccountSetting), e.g. BLOB_MOUNTING. */
    private final Map<String, Map<String, String>> accountSettings = new HashMap<>();
    /** Account settings and their allowed values (ECR API reference; newer than the 2022 botocore model). */
    static final Map<String, Set<String>> ACCOUNT_SETTINGS = Map.of(
            "BLOB_MOUNTING", Set.of("ENABLED", "DISABLED"),
            "BASIC_SCAN_TYPE_VERSION", Set.of("AWS_NATIVE", "CLAIR"),
            "REGISTRY_POLICY_SCOPE", Set.of("V1", "V2"));
    private static final Map<String, String> ACCOUNT_SETTING_DEFAULTS = Map.of(
            "BLOB_MOUNTING", "DISABLED", "BASIC_SCAN_TYPE_VERSION", "AWS_NATIVE", "REGISTRY_POLICY_SCOPE", "V2");
    private final Thread lifecycleThread;
    private volatile boolean closed;

    private EcrService(Builder b) {
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.blobs = b.stateDir == null ? BlobStore.temporary()
                : BlobStore.persistent(b.stateDir.resolve("ecr-blobs"));
        this.registryAuthority = b.registryAuthority;
        this.defaultAccount = b.defaultAccount;
        this.defaultRegion = b.defaultRegion;
        this.scanDuration = b.scanDuration;
        this.tokens = new RegistryTokens(clock);
        this.faults = new EcrFaults(tokens);
        this.registryHandler = new RegistryHandler(this, tokens, faults, blobs);
        if (b.lifecycleInterval != null && !b.lifecycleInterval.isZero()) {
            Duration interval = b.lifecycleInterval;
            this.lifecycleThread = new Thread(() -> runLifecycleSchedule(interval), "local-ecr-lifecycle");
            this.lifecycleThread.setDaemon(true);
            this.lifecycleThread.start();
        } else {
            this.lifecycleThread = null;
        }
    }

    /**
     * Local ECR as local-cloud wires it: cloud clock, blobs under the state dir (if any), repository URIs
     * and the registry on local-cloud's own {@code 127.0.0.1:<port>}.
     */
    public static EcrService create(ServiceContext context) {
        return builder(context.clock())
                .stateDir(context.stateDir().orElse(null))
                .registryAuthority(() -> context.endpoint().getAuthority())
                .defaults(ServiceContext.DEFAULT_ACCOUNT, FrontDoor.DEFAULT_REGION)
                .build();
    }

    public static Builder builder(CloudClock clock) {
        return new Builder(clock);
    }

    /** Settings of a local ECR. */
    public static final class Builder {
        private final CloudClock clock;
        private Path stateDir;
        private Supplier<String> registryAuthority;
        private String defaultAccount = "000000000000";
        private String defaultRegion = "us-east-1";
        private Duration scanDuration = Duration.ofSeconds(10);
        private Duration lifecycleInterval = Duration.ofMinutes(30);

        private Builder(CloudClock clock) {
            this.clock = clock;
        }

        /** Blobs and manifests go to {@code <stateDir>/ecr-blobs/sha256/<hex>}; without one, to a temp dir. */
        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        /**
         * {@code host:port} of local-cloud's HTTP endpoint, which serves {@code /v2/}; asked lazily because the
         * port is known only once the server listens. Without it, URIs use the real ECR host form.
         */
        public Builder registryAuthority(Supplier<String> registryAuthority) {
            this.registryAuthority = registryAuthority;
            return this;
        }

        /** Account and region a host:port image reference is looked up in first. */
        public Builder defaults(String account, String region) {
            this.defaultAccount = account;
            this.defaultRegion = region;
            return this;
        }

        /** Cloud time from push to a COMPLETE scan on a scan-on-push repository. */
        public Builder scanDuration(Duration scanDuration) {
            this.scanDuration = scanDuration;
            return this;
        }

        /** Cloud time between lifecycle-policy runs (AWS: within 24 h); null or zero: only on demand. */
        public Builder lifecycleInterval(Duration lifecycleInterval) {
            this.lifecycleInterval = lifecycleInterval;
            return this;
        }

        public EcrService build() {
            return new EcrService(this);
        }
    }

    /** Fault hooks for tests. */
    public EcrFaults faults() {
        return faults;
    }

    /**
     * What the registry endpoint received so far: blob bytes uploaded (PATCH/PUT/POST bodies of blob uploads) and
     * cross-repository mounts served, so tests can see that a push mounted instead of uploading.
     */
    public record RegistryTraffic(long blobBytesReceived, int mountsServed) { }

    public RegistryTraffic registryTraffic() {
        return new RegistryTraffic(blobs.bytesReceived(), registryHandler.mountsServed());
    }

    /** Credentials for pulling from the registry endpoint as {@code account} (user is always {@code AWS}). */
    public RegistryCredentials registryCredentials(String account, String region) {
        RegistryTokens.Issued issued = tokens.issue(account, region);
        return new RegistryCredentials(RegistryTokens.USER, issued.password(), issued.expiresAt());
    }

    /** Basic-auth credentials for the registry endpoint. */
    public record RegistryCredentials(String username, String password, Instant expiresAt) {
    }

    // ------------------------------------------------------------------ service identity

    @Override
    public String signingName() {
        return "ecr";
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public String pathPrefix() {
        return "/v2/";
    }

    @Override
    public HttpHandler handler() {
        return registryHandler;
    }

    @Override
    public String stateName() {
        return "ecr";
    }

    /** {@code host:port} (or the ECR host for {@code account}/{@code region} when none is configured). */
    String authority(String account, String region) {
        String a = registryAuthority == null ? null : registryAuthority.get();
        return a != null ? a : account + ".dkr.ecr." + region + ".amazonaws.com";
    }

    // ------------------------------------------------------------------ API

    @Override
    public JsonNode call(String operation, JsonNode input, RequestContext ctx) throws AwsException {
        JsonNode in = input == null ? JSON.createObjectNode() : input;
        switch (operation) {
            case "CreateRepository": return createRepository(in, ctx);
            case "DescribeRepositories": return describeRepositories(in, ctx);
            case "DeleteRepository": return deleteRepository(in, ctx);
            case "PutImageTagMutability": return putImageTagMutability(in, ctx);
            case "PutImageScanningConfiguration": return putImageScanningConfiguration(in, ctx);
            case "GetAuthorizationToken": return getAuthorizationToken(in, ctx);
            case "DescribeImages": return describeImages(in, ctx);
            case "ListImages": return listImages(in, ctx);
            case "BatchGetImage": return batchGetImage(in, ctx);
            case "BatchDeleteImage": return batchDeleteImage(in, ctx);
            case "PutImage": return putImage(in, ctx);
            case "StartImageScan": return startImageScan(in, ctx);
            case "BatchCheckLayerAvailability": return batchCheckLayerAvailability(in, ctx);
            case "InitiateLayerUpload": return initiateLayerUpload(in, ctx);
            case "UploadLayerPart": return uploadLayerPart(in, ctx);
            case "CompleteLayerUpload": return completeLayerUpload(in, ctx);
            case "DescribeImageScanFindings": return describeImageScanFindings(in, ctx);
            case "PutLifecyclePolicy": return putLifecyclePolicy(in, ctx);
            case "GetLifecyclePolicy": return getLifecyclePolicy(in, ctx);
            case "DeleteLifecyclePolicy": return deleteLifecyclePolicy(in, ctx);
            case "StartLifecyclePolicyPreview": return startLifecyclePolicyPreview(in, ctx);
            case "GetLifecyclePolicyPreview": return getLifecyclePolicyPreview(in, ctx);
            case "PutAccountSetting": return putAccountSetting(in, ctx);
            case "GetAccountSetting": return getAccountSetting(in, ctx);
            default:
                throw AwsException.client("UnknownOperationException",
                        "local ECR does not implement " + operation);
        }
    }

    private JsonNode createRepository(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String mutability = in.path("imageTagMutability").asText("MUTABLE");
        checkMutability(mutability);
        JsonNode enc = in.path("encryptionConfiguration");
        String encType = enc.path("encryptionType").asText("AES256");
        String kmsKey = enc.hasNonNull("kmsKey") ? enc.get("kmsKey").asText() : null;
        if (!encType.equals("AES256") && !encType.equals("KMS")) {
            throw invalidParameter("encryptionConfiguration.encryptionType",
                    "must be AES256 or KMS, was '" + encType + "'");
        }
        if (encType.equals("AES256") && kmsKey != null) {
            throw invalidParameter("encryptionConfiguration.kmsKey", "is only allowed with encryptionType KMS");
        }
        if (encType.equals("KMS") && kmsKey == null) {
            kmsKey = "arn:aws:kms:" + key.region() + ":" + key.account() + ":alias/aws/ecr";
        }
        synchronized (lock) {
            if (repositories.containsKey(key)) {
                throw AwsException.client("RepositoryAlreadyExistsException", "The repository with name '"
                        + key.name() + "' already exists in the registry with id '" + key.account() + "'");
            }
            EcrRepository repo = new EcrRepository(key, now());
            repo.tagMutability = mutability;
            repo.scanOnPush = in.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false);
            repo.encryptionType = encType;
            repo.kmsKey = kmsKey;
            repositories.put(key, repo);
            ObjectNode out = JSON.createObjectNode();
            out.set("repository", repositoryJson(repo));
            return out;
        }
    }

    private JsonNode describeRepositories(JsonNode in, RequestContext ctx) throws AwsException {
        String account = account(in, ctx);
        synchronized (lock) {
            List<EcrRepository> found = new ArrayList<>();
            if (in.path("repositoryNames").isArray() && !in.get("repositoryNames").isEmpty()) {
                for (JsonNode n : in.get("repositoryNames")) {
                    found.add(require(new EcrRepository.Key(account, ctx.region(), n.asText())));
                }
            } else {
                for (EcrRepository r : repositories.values()) {
                    if (r.key.account().equals(account) && r.key.region().equals(ctx.region())) {
                        found.add(r);
                    }
                }
                found.sort(Comparator.comparing(r -> r.key.name()));
            }
            ObjectNode out = JSON.createObjectNode();
            ArrayNode arr = out.putArray("repositories");
            for (EcrRepository r : page(found, in, out, 1000)) {
                arr.add(repositoryJson(r));
            }
            return out;
        }
    }

    private JsonNode deleteRepository(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        synchronized (lock) {
            EcrRepository repo = require(key);
            if (!repo.images.isEmpty() && !in.path("force").asBoolean(false)) {
                throw AwsException.client("RepositoryNotEmptyException", "The repository with name '" + key.name()
                        + "' in registry with id '" + key.account()
                        + "' cannot be deleted because it still contains images");
            }
            repositories.remove(key);
            ObjectNode out = JSON.createObjectNode();
            out.set("repository", repositoryJson(repo));
            return out;
        }
    }

    private JsonNode putImageTagMutability(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String mutability = required(in, "imageTagMutability");
        checkMutability(mutability);
        synchronized (lock) {
            EcrRepository repo = require(key);
            repo.tagMutability = mutability;
            ObjectNode out = ids(repo);
            out.put("imageTagMutability", mutability);
            return out;
        }
    }

    private JsonNode putImageScanningConfiguration(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        if (!in.path("imageScanningConfiguration").isObject()) {
            throw invalidParameter("imageScanningConfiguration", "is required");
        }
        synchronized (lock) {
            EcrRepository repo = require(key);
            repo.scanOnPush = in.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false);
            ObjectNode out = ids(repo);
            out.putObject("imageScanningConfiguration").put("scanOnPush", repo.scanOnPush);
            return out;
        }
    }

    /**
     * PutAccountSetting {name, value} → {name, value}: a registry-level (account and region) setting. Not in the
     * 2022 botocore model; shapes from the current ECR API reference.
     */
    private JsonNode putAccountSetting(JsonNode in, RequestContext ctx) throws AwsException {
        String name = required(in, "name");
        String value = required(in, "value");
        Set<String> allowed = ACCOUNT_SETTINGS.get(name);
        if (allowed == null) {
            throw invalidParameter("name", "must be one of " + new java.util.TreeSet<>(ACCOUNT_SETTINGS.keySet())
                    + ", was '" + name + "'");
        }
        if (!allowed.contains(value)) {
            throw invalidParameter("value", "for " + name + " must be one of " + new java.util.TreeSet<>(allowed)
                    + ", was '" + value + "'");
        }
        synchronized (lock) {
            accountSettings.computeIfAbsent(ctx.accountId() + "/" + ctx.region(), k -> new HashMap<>()).put(name, value);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("name", name);
        out.put("value", value);
        return out;
    }

    private JsonNode getAccountSetting(JsonNode in, RequestContext ctx) throws AwsException {
        String name = required(in, "name");
        if (!ACCOUNT_SETTINGS.containsKey(name)) {
            throw invalidParameter("name", "must be one of " + new java.util.TreeSet<>(ACCOUNT_SETTINGS.keySet())
                    + ", was '" + name + "'");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("name", name);
        out.put("value", accountSetting(ctx.accountId(), ctx.region(), name));
        return out;
    }

    private String accountSetting(String account, String region, String name) {
        synchronized (lock) {
            return accountSettings.getOrDefault(account + "/" + region, Map.of()).getOrDefault(name,
                    ACCOUNT_SETTING_DEFAULTS.get(name));
        }
    }

    private JsonNode getAuthorizationToken(JsonNode in, RequestContext ctx) {
        List<String> accounts = new ArrayList<>();
        if (in.path("registryIds").isArray() && !in.get("registryIds").isEmpty()) {
            in.get("registryIds").forEach(r -> accounts.add(r.asText()));
        } else {
            accounts.add(ctx.accountId());
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode data = out.putArray("authorizationData");
        for (String account : accounts) {
            RegistryTokens.Issued issued = tokens.issue(account, ctx.region());
            ObjectNode d = data.addObject();
            d.put("authorizationToken", issued.token());
            d.set("expiresAt", timestamp(issued.expiresAt()));
            d.put("proxyEndpoint", proxyEndpoint(account, ctx.region()));
        }
        return out;
    }

    String proxyEndpoint(String account, String region) {
        String a = registryAuthority == null ? null : registryAuthority.get();
        return a != null ? "http://" + a : "https://" + account + ".dkr.ecr." + region + ".amazonaws.com";
    }

    private JsonNode describeImages(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String tagStatus = tagStatusFilter(in);
        synchronized (lock) {
            EcrRepository repo = require(key);
            List<EcrRepository.Image> images = new ArrayList<>();
            if (in.path("imageIds").isArray() && !in.get("imageIds").isEmpty()) {
                for (JsonNode id : in.get("imageIds")) {
                    Lookup l = lookup(repo, id);
                    if (l.image == null) {
                        throw imageNotFound(repo, id);
                    }
                    if (!images.contains(l.image)) {
                        images.add(l.image);
                    }
                }
            } else {
                images.addAll(sortedImages(repo));
            }
            images.removeIf(i -> !matchesTagStatus(repo, i, tagStatus));
            ObjectNode out = JSON.createObjectNode();
            ArrayNode arr = out.putArray("imageDetails");
            for (EcrRepository.Image i : page(images, in, out, 1000)) {
                arr.add(imageDetail(repo, i));
            }
            return out;
        }
    }

    private JsonNode listImages(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String tagStatus = tagStatusFilter(in);
        synchronized (lock) {
            EcrRepository repo = require(key);
            List<ObjectNode> ids = new ArrayList<>();
            for (EcrRepository.Image i : sortedImages(repo)) {
                if (!matchesTagStatus(repo, i, tagStatus)) {
                    continue;
                }
                List<String> tags = repo.tagsOf(i.digest);
                if (tags.isEmpty()) {
                    ids.add(imageId(i.digest, null));
                }
                for (String t : tags) {
                    ids.add(imageId(i.digest, t));
                }
            }
            ObjectNode out = JSON.createObjectNode();
            ArrayNode arr = out.putArray("imageIds");
            page(ids, in, out, 1000).forEach(arr::add);
            return out;
        }
    }

    private JsonNode batchGetImage(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        if (!in.path("imageIds").isArray() || in.get("imageIds").isEmpty()) {
            throw invalidParameter("imageIds", "must list at least one image");
        }
        synchronized (lock) {
            EcrRepository repo = require(key);
            ObjectNode out = JSON.createObjectNode();
            ArrayNode images = out.putArray("images");
            ArrayNode failures = out.putArray("failures");
            for (JsonNode id : in.get("imageIds")) {
                Lookup l = lookup(repo, id);
                if (l.failureCode != null) {
                    failures.add(failure(id, l.failureCode, l.failureReason));
                    continue;
                }
                ObjectNode img = images.addObject();
                img.put("registryId", key.account());
                img.put("repositoryName", key.name());
                img.set("imageId", imageId(l.image.digest, l.tag));
                img.put("imageManifest", new String(readManifest(l.image.digest), StandardCharsets.UTF_8));
                img.put("imageManifestMediaType", l.image.mediaType);
                l.image.lastPull = now();
            }
            return out;
        }
    }

    private JsonNode batchDeleteImage(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        if (!in.path("imageIds").isArray() || in.get("imageIds").isEmpty()) {
            throw invalidParameter("imageIds", "must list at least one image");
        }
        synchronized (lock) {
            EcrRepository repo = require(key);
            ObjectNode out = JSON.createObjectNode();
            ArrayNode deleted = out.putArray("imageIds");
            ArrayNode failures = out.putArray("failures");
            for (JsonNode id : in.get("imageIds")) {
                Lookup l = lookup(repo, id);
                if (l.failureCode != null) {
                    failures.add(failure(id, l.failureCode, l.failureReason));
                    continue;
                }
                boolean byDigest = id.hasNonNull("imageDigest");
                if (!byDigest) {
                    repo.tags.remove(l.tag);
                    deleted.add(imageId(l.image.digest, l.tag));
                    if (repo.tagsOf(l.image.digest).isEmpty() && !referencedByIndex(repo, l.image.digest)) {
                        repo.images.remove(l.image.digest);
                    }
                    continue;
                }
                if (referencedByIndex(repo, l.image.digest)) {
                    failures.add(failure(id, "ImageReferencedByManifestList",
                            "Requested image is referenced by an image index"));
                    continue;
                }
                List<String> tags = repo.tagsOf(l.image.digest);
                if (tags.isEmpty()) {
                    deleted.add(imageId(l.image.digest, null));
                }
                for (String t : tags) {
                    deleted.add(imageId(l.image.digest, t));
                }
                repo.removeImage(l.image.digest);
            }
            return out;
        }
    }

    private JsonNode putImage(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String manifest = required(in, "imageManifest");
        String tag = in.hasNonNull("imageTag") ? in.get("imageTag").asText() : null;
        String digest = in.hasNonNull("imageDigest") ? in.get("imageDigest").asText() : null;
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        PutResult r;
        try {
            r = putManifest(key, bytes, in.path("imageManifestMediaType").asText(null), tag, digest, false);
        } catch (Manifest.InvalidManifestException e) {
            throw invalidParameter("imageManifest", e.getMessage());
        }
        ObjectNode out = JSON.createObjectNode();
        ObjectNode img = out.putObject("image");
        img.put("registryId", key.account());
        img.put("repositoryName", key.name());
        img.set("imageId", imageId(r.digest(), tag));
        img.put("imageManifest", manifest);
        img.put("imageManifestMediaType", r.mediaType());
        return out;
    }

    private JsonNode batchCheckLayerAvailability(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        synchronized (lock) {
            EcrRepository repo = require(key);
            ObjectNode out = JSON.createObjectNode();
            ArrayNode layers = out.putArray("layers");
            ArrayNode failures = out.putArray("failures");
            for (JsonNode d : in.path("layerDigests")) {
                String digest = d.asText();
                if (!BlobStore.DIGEST.matcher(digest).matches()) {
                    ObjectNode f = failures.addObject();
                    f.put("layerDigest", digest);
                    f.put("failureCode", "InvalidLayerDigest");
                    f.put("failureReason", "Invalid layer digest");
                    continue;
                }
                ObjectNode l = layers.addObject();
                l.put("layerDigest", digest);
                boolean available = repo.blobs.contains(digest) && blobs.exists(digest);
                l.put("layerAvailability", available ? "AVAILABLE" : "UNAVAILABLE");
                if (available) {
                    try {
                        l.put("layerSize", blobs.size(digest));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return out;
        }
    }

    private JsonNode initiateLayerUpload(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        synchronized (lock) {
            require(key);
        }
        try {
            ObjectNode out = JSON.createObjectNode();
            out.put("uploadId", blobs.startUpload());
            out.put("partSize", 10L * 1024 * 1024);
            return out;
        } catch (IOException e) {
            throw new AwsException("ServerException", "cannot start upload: " + e.getMessage(), 500, false);
        }
    }

    private JsonNode uploadLayerPart(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String uploadId = requireUpload(in);
        byte[] part;
        try {
            part = Base64.getDecoder().decode(required(in, "layerPartBlob"));
        } catch (IllegalArgumentException e) {
            throw invalidParameter("layerPartBlob", "must be base64");
        }
        try {
            long size = blobs.uploadSize(uploadId);
            long first = in.path("partFirstByte").asLong(-1);
            long last = in.path("partLastByte").asLong(-1);
            if (first != size || last != first + part.length - 1) {
                throw AwsException.client("InvalidLayerPartException", "The layer part with first byte " + first
                        + " and last byte " + last + " does not continue the upload at byte " + size
                        + " or does not match the part's length " + part.length);
            }
            long now = blobs.append(uploadId, new java.io.ByteArrayInputStream(part));
            ObjectNode out = JSON.createObjectNode();
            out.put("registryId", key.account());
            out.put("repositoryName", key.name());
            out.put("uploadId", uploadId);
            out.put("lastByteReceived", now - 1);
            return out;
        } catch (IOException e) {
            throw new AwsException("ServerException", "cannot store layer part: " + e.getMessage(), 500, false);
        }
    }

    private JsonNode completeLayerUpload(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String uploadId = requireUpload(in);
        if (!in.path("layerDigests").isArray() || in.get("layerDigests").size() != 1) {
            throw invalidParameter("layerDigests", "must hold exactly the digest of the uploaded layer");
        }
        String digest = in.get("layerDigests").get(0).asText();
        if (!BlobStore.DIGEST.matcher(digest).matches()) {
            throw invalidParameter("layerDigests", "must be sha256:<64 hex>, was '" + digest + "'");
        }
        synchronized (lock) {
            if (require(key).blobs.contains(digest) && blobs.exists(digest)) {
                try {
                    blobs.cancelUpload(uploadId);
                } catch (IOException e) {
                    // leaving a stale upload file behind is harmless
                }
                throw AwsException.client("LayerAlreadyExistsException", "The image layer '" + digest
                        + "' already exists in the repository with name '" + key.name()
                        + "' in registry with id '" + key.account() + "'");
            }
        }
        try {
            if (!blobs.commitUpload(uploadId, digest)) {
                throw AwsException.client("InvalidLayerException", "The calculated digest of the uploaded layer"
                        + " does not match the layer digest '" + digest + "'");
            }
        } catch (IOException e) {
            throw new AwsException("ServerException", "cannot complete upload: " + e.getMessage(), 500, false);
        }
        synchronized (lock) {
            require(key).blobs.add(digest);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("registryId", key.account());
        out.put("repositoryName", key.name());
        out.put("uploadId", uploadId);
        out.put("layerDigest", digest);
        return out;
    }

    private String requireUpload(JsonNode in) throws AwsException {
        String uploadId = required(in, "uploadId");
        if (!blobs.uploadExists(uploadId)) {
            throw AwsException.client("UploadNotFoundException", "The upload with id '" + uploadId
                    + "' could not be found");
        }
        return uploadId;
    }

    private JsonNode startImageScan(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        synchronized (lock) {
            EcrRepository repo = require(key);
            JsonNode id = in.path("imageId");
            Lookup l = lookup(repo, id);
            if (l.image == null) {
                throw imageNotFound(repo, id);
            }
            l.image.scanStartedAt = now();
            ObjectNode out = ids(repo);
            out.set("imageId", imageId(l.image.digest, l.tag));
            out.set("imageScanStatus", scanStatus(l.image));
            return out;
        }
    }

    private JsonNode describeImageScanFindings(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        synchronized (lock) {
            EcrRepository repo = require(key);
            JsonNode id = in.path("imageId");
            Lookup l = lookup(repo, id);
            if (l.image == null) {
                throw imageNotFound(repo, id);
            }
            if (l.image.scanStartedAt == null) {
                throw AwsException.client("ScanNotFoundException", "Image scan does not exist for the image with '"
                        + describeId(id) + "' in the repository with name '" + key.name()
                        + "' in the registry with id '" + key.account() + "'");
            }
            ObjectNode out = ids(repo);
            out.set("imageId", imageId(l.image.digest, l.tag));
            out.set("imageScanStatus", scanStatus(l.image));
            if (scanComplete(l.image)) {
                ObjectNode f = out.putObject("imageScanFindings");
                f.set("imageScanCompletedAt", timestamp(l.image.scanStartedAt.plus(scanDuration)));
                f.set("vulnerabilitySourceUpdatedAt", timestamp(l.image.scanStartedAt));
                f.putObject("findingSeverityCounts");
                f.putArray("findings");
            }
            return out;
        }
    }

    private JsonNode putLifecyclePolicy(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String text = in.path("lifecyclePolicyText").asText(null);
        LifecyclePolicy.parse(text);
        synchronized (lock) {
            EcrRepository repo = require(key);
            repo.lifecyclePolicyText = text;
            ObjectNode out = ids(repo);
            out.put("lifecyclePolicyText", text);
            return out;
        }
    }

    private JsonNode getLifecyclePolicy(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        synchronized (lock) {
            EcrRepository repo = requirePolicy(key);
            ObjectNode out = ids(repo);
            out.put("lifecyclePolicyText", repo.lifecyclePolicyText);
            if (repo.lifecycleLastEvaluatedAt != null) {
                out.set("lastEvaluatedAt", timestamp(repo.lifecycleLastEvaluatedAt));
            }
            return out;
        }
    }

    private JsonNode deleteLifecyclePolicy(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        synchronized (lock) {
            EcrRepository repo = requirePolicy(key);
            ObjectNode out = ids(repo);
            out.put("lifecyclePolicyText", repo.lifecyclePolicyText);
            if (repo.lifecycleLastEvaluatedAt != null) {
                out.set("lastEvaluatedAt", timestamp(repo.lifecycleLastEvaluatedAt));
            }
            repo.lifecyclePolicyText = null;
            return out;
        }
    }

    private JsonNode startLifecyclePolicyPreview(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String text = in.hasNonNull("lifecyclePolicyText") ? in.get("lifecyclePolicyText").asText() : null;
        if (text != null) {
            LifecyclePolicy.parse(text);
        }
        synchronized (lock) {
            EcrRepository repo = text == null ? requirePolicy(key) : require(key);
            repo.previewPolicyText = text != null ? text : repo.lifecyclePolicyText;
            ObjectNode out = ids(repo);
            out.put("lifecyclePolicyText", repo.previewPolicyText);
            out.put("status", "IN_PROGRESS");
            return out;
        }
    }

    /**
     * The preview is computed when asked (so it is always COMPLETE): the images the policy would expire
     * now, each with the rule that would expire it.
     */
    private JsonNode getLifecyclePolicyPreview(JsonNode in, RequestContext ctx) throws AwsException {
        EcrRepository.Key key = key(in, ctx);
        String tagStatus = in.path("filter").path("tagStatus").asText("ANY");
        synchronized (lock) {
            EcrRepository repo = require(key);
            if (repo.previewPolicyText == null) {
                throw AwsException.client("LifecyclePolicyPreviewNotFoundException",
                        "There is no dry run for the repository with name '" + key.name()
                                + "' in the registry with id '" + key.account() + "'");
            }
            List<LifecyclePolicy.Expiry> expiries =
                    LifecyclePolicy.parse(repo.previewPolicyText).evaluate(imageViews(repo), now());
            ObjectNode out = ids(repo);
            out.put("lifecyclePolicyText", repo.previewPolicyText);
            out.put("status", "COMPLETE");
            List<ObjectNode> results = new ArrayList<>();
            for (LifecyclePolicy.Expiry e : expiries) {
                EcrRepository.Image img = repo.images.get(e.image().digest());
                if (!matchesTagStatus(repo, img, tagStatus)) {
                    continue;
                }
                ObjectNode r = JSON.createObjectNode();
                ArrayNode t = r.putArray("imageTags");
                repo.tagsOf(img.digest).forEach(t::add);
                r.put("imageDigest", img.digest);
                r.set("imagePushedAt", timestamp(img.pushedAt));
                r.putObject("action").put("type", "EXPIRE");
                r.put("appliedRulePriority", e.rulePriority());
                results.add(r);
            }
            ArrayNode arr = out.putArray("previewResults");
            page(results, in, out, 1000).forEach(arr::add);
            out.putObject("summary").put("expiringImageTotalCount", results.size());
            return out;
        }
    }

    // ------------------------------------------------------------------ lifecycle engine

    /**
     * Runs every repository's lifecycle policy now (the scheduled run does the same every
     * {@code lifecycleInterval} of cloud time) and deletes what it expires. Returns how many images expired.
     */
    public int evaluateLifecyclePoliciesNow() {
        int expired = 0;
        synchronized (lock) {
            Instant now = now();
            for (EcrRepository repo : repositories.values()) {
                if (repo.lifecyclePolicyText == null) {
                    continue;
                }
                LifecyclePolicy policy;
                try {
                    policy = LifecyclePolicy.parse(repo.lifecyclePolicyText);
                } catch (AwsException e) {
                    continue; // validated on Put; cannot happen unless a snapshot was edited by hand
                }
                for (LifecyclePolicy.Expiry e : policy.evaluate(imageViews(repo), now)) {
                    if (!referencedByIndex(repo, e.image().digest())) {
                        repo.removeImage(e.image().digest());
                        expired++;
                    }
                }
                repo.lifecycleLastEvaluatedAt = now;
            }
        }
        return expired;
    }

    private void runLifecycleSchedule(Duration interval) {
        while (!closed) {
            try {
                clock.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                evaluateLifecyclePoliciesNow();
            }
        }
    }

    private List<LifecyclePolicy.ImageView> imageViews(EcrRepository repo) {
        List<LifecyclePolicy.ImageView> views = new ArrayList<>();
        for (EcrRepository.Image i : repo.images.values()) {
            views.add(new LifecyclePolicy.ImageView(i.digest, Set.copyOf(repo.tagsOf(i.digest)), i.pushedAt));
        }
        return views;
    }

    // ------------------------------------------------------------------ shared with the registry endpoint

    /** What a manifest put stored. */
    record PutResult(String digest, String mediaType, boolean created) {
    }

    /**
     * Stores a manifest exactly as given. {@code viaRegistry} selects the registry's idempotent semantics
     * (re-pushing the same manifest and tag succeeds) over PutImage's ({@code ImageAlreadyExistsException}).
     */
    PutResult putManifest(EcrRepository.Key key, byte[] bytes, String declaredMediaType, String tag,
            String expectedDigest, boolean viaRegistry) throws AwsException, Manifest.InvalidManifestException {
        Manifest m = Manifest.parse(bytes, declaredMediaType);
        String digest = BlobStore.sha256(bytes);
        if (expectedDigest != null && !expectedDigest.equals(digest)) {
            throw AwsException.client("ImageDigestDoesNotMatchException", "The digest '" + expectedDigest
                    + "' does not match the digest '" + digest + "' of the manifest");
        }
        if (tag != null) {
            checkTag(tag);
        }
        synchronized (lock) {
            EcrRepository repo = require(key);
            List<String> missing = new ArrayList<>();
            for (String b : m.blobs()) {
                if (!repo.blobs.contains(b) || !blobs.exists(b)) {
                    missing.add(b);
                }
            }
            if (!missing.isEmpty()) {
                throw AwsException.client("LayersNotFoundException", "Layers with digests '" + missing
                        + "' required for pushing image into repository with name '" + key.name()
                        + "' in the registry with id '" + key.account() + "' do not exist");
            }
            long size = m.size();
            for (String child : m.children()) {
                EcrRepository.Image c = repo.images.get(child);
                if (c == null) {
                    throw AwsException.client("ReferencedImagesNotFoundException", "The manifest references image '"
                            + child + "', which does not exist in the repository with name '" + key.name()
                            + "' in the registry with id '" + key.account() + "'");
                }
                size = Math.max(size, c.size);
            }
            String current = tag == null ? null : repo.tags.get(tag);
            if (current != null && current.equals(digest) || tag == null && repo.images.containsKey(digest)) {
                if (viaRegistry) {
                    return new PutResult(digest, repo.images.get(digest).mediaType, false);
                }
                throw AwsException.client("ImageAlreadyExistsException", "Image with digest '" + digest
                        + "'" + (tag == null ? "" : " and tag '" + tag + "'")
                        + " already exists in the repository with name '" + key.name()
                        + "' in registry with id '" + key.account() + "'");
            }
            if (current != null && repo.immutable()) {
                throw AwsException.client("ImageTagAlreadyExistsException", "The image tag '" + tag
                        + "' already exists in the '" + key.name()
                        + "' repository and cannot be overwritten because the repository is immutable.");
            }
            try {
                blobs.put(bytes);
            } catch (IOException e) {
                throw new AwsException("ServerException", "cannot store manifest: " + e.getMessage(), 500, false);
            }
            EcrRepository.Image image = repo.images.get(digest);
            boolean created = image == null;
            if (created) {
                image = new EcrRepository.Image(digest, m.mediaType(), m.configMediaType(), size, now(),
                        m.children());
                if (repo.scanOnPush && !m.isIndex()) {
                    image.scanStartedAt = image.pushedAt;
                }
                repo.images.put(digest, image);
            }
            if (tag != null) {
                repo.tags.put(tag, digest);
            }
            return new PutResult(digest, image.mediaType, created);
        }
    }

    /** A manifest as stored. */
    record StoredManifest(String digest, String mediaType, byte[] bytes) {
    }

    Optional<StoredManifest> manifest(EcrRepository.Key key, String reference, boolean recordPull)
            throws AwsException {
        synchronized (lock) {
            EcrRepository repo = require(key);
            String digest = reference.startsWith("sha256:") ? reference : repo.tags.get(reference);
            EcrRepository.Image image = digest == null ? null : repo.images.get(digest);
            if (image == null) {
                return Optional.empty();
            }
            if (recordPull) {
                image.lastPull = now();
            }
            return Optional.of(new StoredManifest(digest, image.mediaType, readManifest(digest)));
        }
    }

    /** Deletes an image by digest (registry DELETE); false when absent. */
    boolean deleteManifest(EcrRepository.Key key, String digest) throws AwsException {
        synchronized (lock) {
            EcrRepository repo = require(key);
            if (!repo.images.containsKey(digest)) {
                return false;
            }
            repo.removeImage(digest);
            return true;
        }
    }

    List<String> tags(EcrRepository.Key key) throws AwsException {
        synchronized (lock) {
            EcrRepository repo = require(key);
            List<String> t = new ArrayList<>(repo.tags.keySet());
            t.sort(null);
            return t;
        }
    }

    void requireRepository(EcrRepository.Key key) throws AwsException {
        synchronized (lock) {
            require(key);
        }
    }

    boolean hasBlob(EcrRepository.Key key, String digest) throws AwsException {
        synchronized (lock) {
            return require(key).blobs.contains(digest) && blobs.exists(digest);
        }
    }

    void addBlob(EcrRepository.Key key, String digest) throws AwsException {
        synchronized (lock) {
            require(key).blobs.add(digest);
        }
    }

    /**
     * Cross-repository mount, as ECR's blob mounting does it: only when the registry (account and region) has
     * {@code BLOB_MOUNTING=ENABLED} (default DISABLED), the source repository {@code from} is in the same registry,
     * uses the same encryption type and key, and has an image manifest that references the blob (a blob only
     * uploaded, not yet referenced, is not mountable). Otherwise false: the caller starts an ordinary upload (202).
     */
    boolean mountBlob(EcrRepository.Key key, String from, String digest) throws AwsException {
        synchronized (lock) {
            EcrRepository target = require(key);
            if (!"ENABLED".equals(accountSetting(key.account(), key.region(), "BLOB_MOUNTING"))) {
                return false;
            }
            EcrRepository source = repositories.get(new EcrRepository.Key(key.account(), key.region(), from));
            if (source == null || !source.blobs.contains(digest) || !blobs.exists(digest)) {
                return false;
            }
            if (!source.encryptionType.equals(target.encryptionType)
                    || !java.util.Objects.equals(source.kmsKey, target.kmsKey)) {
                return false;
            }
            if (!referencedByAManifest(source, digest)) {
                return false;
            }
            target.blobs.add(digest);
            return true;
        }
    }

    private boolean referencedByAManifest(EcrRepository repo, String digest) {
        for (EcrRepository.Image image : repo.images.values()) {
            if (!image.children.isEmpty()) {
                continue;
            }
            try {
                if (Manifest.parse(readManifest(image.digest), image.mediaType).blobs().contains(digest)) {
                    return true;
                }
            } catch (Manifest.InvalidManifestException e) {
                // stored manifests were validated on push
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ ImageResolver

    @Override
    public Optional<ResolvedImage> resolve(String imageReference) {
        String rest = imageReference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String host = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        String tag = "latest";
        int colon = path.lastIndexOf(':');
        if (colon > path.lastIndexOf('/')) {
            tag = path.substring(colon + 1);
            path = path.substring(0, colon);
        }
        String reference = digest != null ? digest : tag;
        synchronized (lock) {
            EcrRepository repo = findForReference(host, path);
            if (repo == null) {
                return Optional.empty();
            }
            String d = reference.startsWith("sha256:") ? reference : repo.tags.get(reference);
            EcrRepository.Image image = d == null ? null : repo.images.get(d);
            if (image == null) {
                return Optional.empty();
            }
            try {
                JsonNode config = imageConfig(repo, image, 0);
                if (config == null) {
                    return Optional.empty();
                }
                image.lastPull = now();
                JsonNode c = config.path("config");
                Map<String, String> labels = new java.util.LinkedHashMap<>();
                c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                List<Integer> ports = new ArrayList<>();
                c.path("ExposedPorts").fieldNames().forEachRemaining(p -> {
                    try {
                        ports.add(Integer.parseInt(p.split("/")[0]));
                    } catch (NumberFormatException e) {
                        // not a port; ignore
                    }
                });
                String pull = authority(repo.key.account(), repo.key.region()) + "/" + repo.key.name() + "@" + d;
                // the registry endpoint wants an ECR token, as a real ECS agent fetches one to pull
                RegistryTokens.Issued token = tokens.issue(repo.key.account(), repo.key.region());
                return Optional.of(new ResolvedImage(d, pull, Map.copyOf(labels), strings(c.path("Env")),
                        strings(c.path("Entrypoint")), strings(c.path("Cmd")), List.copyOf(ports),
                        new PullCredentials(RegistryTokens.USER, token.password())));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    private EcrRepository findForReference(String host, String name) {
        Matcher m = ECR_HOST.matcher(host);
        if (m.matches()) {
            return repositories.get(new EcrRepository.Key(m.group(1), m.group(2), name));
        }
        if (!isLocalRegistryHost(host)) {
            return null; // another registry's image: local ECR does not have it
        }
        EcrRepository preferred = repositories.get(new EcrRepository.Key(defaultAccount, defaultRegion, name));
        if (preferred != null) {
            return preferred;
        }
        EcrRepository only = null;
        for (EcrRepository r : repositories.values()) {
            if (r.key.name().equals(name)) {
                if (only != null) {
                    return null; // ambiguous across accounts/regions: use the ECR host form
                }
                only = r;
            }
        }
        return only;
    }

    private boolean isLocalRegistryHost(String host) {
        String configured = registryAuthority == null ? null : registryAuthority.get();
        return host.equals(configured) || LOOPBACK_HOST.matcher(host).matches();
    }

    /** The image config JSON; for an index, that of the linux/amd64 entry (else the first). */
    private JsonNode imageConfig(EcrRepository repo, EcrRepository.Image image, int depth) throws IOException {
        JsonNode manifest = JSON.readTree(readManifest(image.digest));
        if (image.children.isEmpty()) {
            String configDigest = manifest.path("config").path("digest").asText();
            return blobs.exists(configDigest) ? JSON.readTree(blobs.read(configDigest)) : null;
        }
        if (depth > 2) {
            return null;
        }
        String chosen = null;
        for (JsonNode m : manifest.path("manifests")) {
            JsonNode p = m.path("platform");
            if (chosen == null || "linux".equals(p.path("os").asText()) && "amd64".equals(p.path("architecture").asText())) {
                if (repo.images.containsKey(m.path("digest").asText())) {
                    chosen = m.path("digest").asText();
                }
            }
        }
        return chosen == null ? null : imageConfig(repo, repo.images.get(chosen), depth + 1);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ StatefulService

    @Override
    public JsonNode snapshot() {
        synchronized (lock) {
            ObjectNode root = JSON.createObjectNode();
            root.put("tokenSecret", tokens.secretBase64());
            root.put("tokenGeneration", tokens.generation());
            ArrayNode repos = root.putArray("repositories");
            ObjectNode settings = root.putObject("accountSettings");
            new java.util.TreeMap<>(accountSettings).forEach((k, v) -> {
                ObjectNode n = settings.putObject(k);
                new java.util.TreeMap<>(v).forEach(n::put);
            });
            repositories.values().stream()
                    .sorted(Comparator.comparing((EcrRepository r) -> r.key.account())
                            .thenComparing(r -> r.key.region()).thenComparing(r -> r.key.name()))
                    .forEach(r -> repos.add(r.toJson(JSON)));
            return root;
        }
    }

    @Override
    public void restore(JsonNode snapshot) {
        synchronized (lock) {
            repositories.clear();
            if (snapshot.hasNonNull("tokenSecret")) {
                tokens.restoreSecret(snapshot.get("tokenSecret").asText());
            }
            tokens.restoreGeneration(snapshot.path("tokenGeneration").asLong(0));
            accountSettings.clear();
            snapshot.path("accountSettings").fields().forEachRemaining(e -> {
                Map<String, String> m = new HashMap<>();
                e.getValue().fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
                accountSettings.put(e.getKey(), m);
            });
            for (JsonNode n : snapshot.path("repositories")) {
                EcrRepository r = EcrRepository.fromJson(n);
                repositories.put(r.key, r);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (lifecycleThread != null) {
            lifecycleThread.interrupt();
        }
        blobs.close();
    }

    // ------------------------------------------------------------------ helpers

    private Instant now() {
        return clock.now();
    }

    private EcrRepository require(EcrRepository.Key key) throws AwsException {
        EcrRepository repo = repositories.get(key);
        if (repo == null) {
            throw AwsException.client("RepositoryNotFoundException", "The repository with name '" + key.name()
                    + "' does not exist in the registry with id '" + key.account() + "'");
        }
        return repo;
    }

    private EcrRepository requirePolicy(EcrRepository.Key key) throws AwsException {
        EcrRepository repo = require(key);
        if (repo.lifecyclePolicyText == null) {
            throw AwsException.client("LifecyclePolicyNotFoundException",
                    "Lifecycle policy does not exist for the repository with name '" + key.name()
                            + "' in the registry with id '" + key.account() + "'");
        }
        return repo;
    }

    private static String account(JsonNode in, RequestContext ctx) {
        return in.hasNonNull("registryId") ? in.get("registryId").asText() : ctx.accountId();
    }

    private static EcrRepository.Key key(JsonNode in, RequestContext ctx) throws AwsException {
        String name = required(in, "repositoryName");
        checkRepositoryName(name);
        return new EcrRepository.Key(account(in, ctx), ctx.region(), name);
    }

    static void checkRepositoryName(String name) throws AwsException {
        if (name.length() < 2 || name.length() > 256 || !REPOSITORY_NAME.matcher(name).matches()) {
            throw AwsException.client("InvalidParameterException", "Invalid parameter at 'repositoryName' failed"
                    + " to satisfy constraint: 'must satisfy regular expression '" + REPOSITORY_NAME.pattern()
                    + "' and be 2-256 characters' (was '" + name + "')");
        }
    }

    static void checkTag(String tag) throws AwsException {
        if (tag.isEmpty() || tag.length() > 300 || tag.startsWith("sha256:") || tag.chars().anyMatch(c -> c <= ' ')) {
            throw AwsException.client("InvalidParameterException", "Invalid parameter at 'imageTag' failed to"
                    + " satisfy constraint: 'must be 1-300 characters without whitespace' (was '" + tag + "')");
        }
    }

    private static void checkMutability(String mutability) throws AwsException {
        if (!mutability.equals("MUTABLE") && !mutability.equals("IMMUTABLE")) {
            throw invalidParameter("imageTagMutability", "must be MUTABLE or IMMUTABLE, was '" + mutability + "'");
        }
    }

    private static String required(JsonNode in, String field) throws AwsException {
        JsonNode v = in.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw invalidParameter(field, "is required");
        }
        return v.asText();
    }

    private static AwsException invalidParameter(String field, String problem) {
        return AwsException.client("InvalidParameterException",
                "Invalid parameter at '" + field + "' failed to satisfy constraint: '" + field + " " + problem + "'");
    }

    private static String tagStatusFilter(JsonNode in) throws AwsException {
        String s = in.path("filter").path("tagStatus").asText("ANY");
        if (!Set.of("TAGGED", "UNTAGGED", "ANY").contains(s)) {
            throw invalidParameter("filter.tagStatus", "must be TAGGED, UNTAGGED or ANY (upper case), was '" + s + "'");
        }
        return s;
    }

    private static boolean matchesTagStatus(EcrRepository repo, EcrRepository.Image i, String tagStatus) {
        boolean tagged = !repo.tagsOf(i.digest).isEmpty();
        return switch (tagStatus) {
            case "TAGGED" -> tagged;
            case "UNTAGGED" -> !tagged;
            default -> true;
        };
    }

    private static List<EcrRepository.Image> sortedImages(EcrRepository repo) {
        List<EcrRepository.Image> images = new ArrayList<>(repo.images.values());
        images.sort(Comparator.comparing((EcrRepository.Image i) -> i.pushedAt).thenComparing(i -> i.digest));
        return images;
    }

    private static boolean referencedByIndex(EcrRepository repo, String digest) {
        for (EcrRepository.Image i : repo.images.values()) {
            if (i.children.contains(digest)) {
                return true;
            }
        }
        return false;
    }

    /** The result of resolving an ImageIdentifier: an image (and the tag asked for) or a failure code. */
    private static final class Lookup {
        EcrRepository.Image image;
        String tag;
        String failureCode;
        String failureReason;
    }

    private static Lookup lookup(EcrRepository repo, JsonNode id) {
        Lookup l = new Lookup();
        String digest = id.hasNonNull("imageDigest") ? id.get("imageDigest").asText() : null;
        String tag = id.hasNonNull("imageTag") ? id.get("imageTag").asText() : null;
        l.tag = tag;
        if (digest == null && tag == null) {
            l.failureCode = "MissingDigestAndTag";
            l.failureReason = "Requested image did not specify either a digest or a tag";
            return l;
        }
        if (digest != null && !BlobStore.DIGEST.matcher(digest).matches()) {
            l.failureCode = "InvalidImageDigest";
            l.failureReason = "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'";
            return l;
        }
        if (tag != null) {
            String tagged = repo.tags.get(tag);
            if (tagged == null) {
                l.failureCode = "ImageNotFound";
                l.failureReason = "Requested image not found";
                return l;
            }
            if (digest != null && !digest.equals(tagged)) {
                l.failureCode = "ImageTagDoesNotMatchDigest";
                l.failureReason = "Invalid request parameters: given tag does not map to the given digest";
                return l;
            }
            digest = tagged;
        }
        l.image = repo.images.get(digest);
        if (l.image == null) {
            l.failureCode = "ImageNotFound";
            l.failureReason = "Requested image not found";
        }
        return l;
    }

    private static AwsException imageNotFound(EcrRepository repo, JsonNode id) {
        return AwsException.client("ImageNotFoundException", "The image with imageId " + describeId(id)
                + " does not exist within the repository with name '" + repo.key.name()
                + "' in the registry with id '" + repo.key.account() + "'");
    }

    private static String describeId(JsonNode id) {
        return "{imageDigest:'" + id.path("imageDigest").asText(null) + "', imageTag:'"
                + id.path("imageTag").asText(null) + "'}";
    }

    private static ObjectNode failure(JsonNode id, String code, String reason) {
        ObjectNode f = JSON.createObjectNode();
        f.set("imageId", id.deepCopy());
        f.put("failureCode", code);
        f.put("failureReason", reason);
        return f;
    }

    private static ObjectNode imageId(String digest, String tag) {
        ObjectNode id = JSON.createObjectNode();
        id.put("imageDigest", digest);
        if (tag != null) {
            id.put("imageTag", tag);
        }
        return id;
    }

    private static ObjectNode ids(EcrRepository repo) {
        ObjectNode out = JSON.createObjectNode();
        out.put("registryId", repo.key.account());
        out.put("repositoryName", repo.key.name());
        return out;
    }

    private ObjectNode repositoryJson(EcrRepository r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("repositoryArn", "arn:aws:ecr:" + r.key.region() + ":" + r.key.account() + ":repository/" + r.key.name());
        n.put("registryId", r.key.account());
        n.put("repositoryName", r.key.name());
        n.put("repositoryUri", authority(r.key.account(), r.key.region()) + "/" + r.key.name());
        n.set("createdAt", timestamp(r.createdAt));
        n.put("imageTagMutability", r.tagMutability);
        n.putObject("imageScanningConfiguration").put("scanOnPush", r.scanOnPush);
        ObjectNode enc = n.putObject("encryptionConfiguration");
        enc.put("encryptionType", r.encryptionType);
        if (r.kmsKey != null) {
            enc.put("kmsKey", r.kmsKey);
        }
        return n;
    }

    private ObjectNode imageDetail(EcrRepository repo, EcrRepository.Image i) {
        ObjectNode d = ids(repo);
        d.put("imageDigest", i.digest);
        List<String> tags = repo.tagsOf(i.digest);
        if (!tags.isEmpty()) {
            ArrayNode t = d.putArray("imageTags");
            tags.forEach(t::add);
        }
        d.put("imageSizeInBytes", i.size);
        d.set("imagePushedAt", timestamp(i.pushedAt));
        if (i.scanStartedAt != null) {
            d.set("imageScanStatus", scanStatus(i));
            if (scanComplete(i)) {
                ObjectNode s = d.putObject("imageScanFindingsSummary");
                s.set("imageScanCompletedAt", timestamp(i.scanStartedAt.plus(scanDuration)));
                s.set("vulnerabilitySourceUpdatedAt", timestamp(i.scanStartedAt));
                s.putObject("findingSeverityCounts");
            }
        }
        d.put("imageManifestMediaType", i.mediaType);
        if (i.artifactMediaType != null) {
            d.put("artifactMediaType", i.artifactMediaType);
        }
        if (i.lastPull != null) {
            d.set("lastRecordedPullTime", timestamp(i.lastPull));
        }
        return d;
    }

    private boolean scanComplete(EcrRepository.Image i) {
        return i.scanStartedAt != null && !now().isBefore(i.scanStartedAt.plus(scanDuration));
    }

    private ObjectNode scanStatus(EcrRepository.Image i) {
        ObjectNode s = JSON.createObjectNode();
        if (scanComplete(i)) {
            s.put("status", "COMPLETE");
            s.put("description", "The scan was completed successfully.");
        } else {
            s.put("status", "IN_PROGRESS");
            s.put("description", "The scan is in progress.");
        }
        return s;
    }

    private byte[] readManifest(String digest) {
        try {
            return blobs.read(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest " + digest + " is missing from the blob store", e);
        }
    }

    /** Epoch seconds with milliseconds, written as a plain JSON number. */
    static JsonNode timestamp(Instant t) {
        return DecimalNode.valueOf(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    /** One page of {@code items} per {@code maxResults}/{@code nextToken}; sets {@code nextToken} when more remain. */
    private static <T> List<T> page(List<T> items, JsonNode in, ObjectNode out, int max) throws AwsException {
        int size = in.hasNonNull("maxResults") ? in.get("maxResults").asInt() : Math.min(max, 100);
        if (size < 1 || size > max) {
            throw invalidParameter("maxResults", "must be between 1 and " + max);
        }
        int from = 0;
        if (in.hasNonNull("nextToken")) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(in.get("nextToken").asText()),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw invalidParameter("nextToken", "is not a token this service issued");
            }
        }
        from = Math.min(from, items.size());
        int to = Math.min(items.size(), from + size);
        if (to < items.size()) {
            out.put("nextToken",
                    Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        }
        return items.subList(from, to);
    }
}
