package dev.uniformpipeline.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon ECR around the generic push: recognises ECR hosts, fetches a fresh authorization token for every push (per
 * account and region: a token is never cached, so a long build never pushes with an expired 12-hour token), and
 * makes the repository look as configured (scan on push, tag mutability, encryption at creation, lifecycle policy).
 */
public final class EcrRegistry {
    private static final Pattern HOST = Pattern.compile(
            "^(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?$");

    private final Function<String, EcrApi> apiForRegion;
    private final Consumer<String> events;

    /**
     * @param apiForRegion the ECR API for a region (normally {@code new SdkEcrApi(clientFactory.ecr(region))})
     * @param events       one line per step; never a secret
     */
    public EcrRegistry(Function<String, EcrApi> apiForRegion, Consumer<String> events) {
        this.apiForRegion = Objects.requireNonNull(apiForRegion, "apiForRegion");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** An ECR registry host. */
    public record EcrHost(String account, String region, String host) { }

    /** The account and region of an ECR host ({@code <account>.dkr.ecr.<region>.amazonaws.com}), if it is one. */
    public static Optional<EcrHost> parse(String host) {
        Matcher m = HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
        return m.matches() ? Optional.of(new EcrHost(m.group(1), m.group(2), host)) : Optional.empty();
    }

    /**
     * Credentials for ECR hosts: a fresh GetAuthorizationToken on every call; other hosts fall through to
     * {@code otherwise}.
     */
    public CredentialSource credentials(CredentialSource otherwise) {
        return host -> {
            Optional<EcrHost> ecr = parse(host);
            if (ecr.isEmpty()) {
                return otherwise.forRegistry(host);
            }
            return Optional.of(freshCredential(ecr.get()));
        };
    }

    /**
     * A push session: a fresh token and the registry endpoint ECR names for it ({@code proxyEndpoint}; an
     * {@code http://} endpoint, as a local stand-in serves, becomes a plain-HTTP endpoint).
     */
    public record Session(RegistryEndpoint endpoint, RegistryCredential credential) {
        @Override
        public String toString() {
            return "Session[endpoint=" + endpoint + ", credential=" + credential + "]";
        }
    }

    /** Fetches a fresh token for {@code host} and the endpoint to push to with it. */
    public Session session(EcrHost host) throws RegistryException {
        EcrApi.AuthorizationToken token = apiForRegion.apply(host.region()).authorizationToken(host.account());
        RegistryCredential credential = decode(token, host);
        String proxy = token.proxyEndpoint() == null ? "" : token.proxyEndpoint();
        RegistryEndpoint endpoint;
        if (proxy.startsWith("http://")) {
            endpoint = RegistryEndpoint.plainHttp(hostOf(proxy));
        } else if (proxy.startsWith("https://")) {
            endpoint = RegistryEndpoint.https(hostOf(proxy));
        } else {
            endpoint = RegistryEndpoint.https(host.host());
        }
        return new Session(endpoint, credential);
    }

    private static String hostOf(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** Asks ECR for a new token and decodes it to the Docker credential (user {@code AWS}). */
    public RegistryCredential freshCredential(EcrHost host) throws RegistryException {
        return decode(apiForRegion.apply(host.region()).authorizationToken(host.account()), host);
    }

    private RegistryCredential decode(EcrApi.AuthorizationToken token, EcrHost host) throws RegistryException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token.token()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RegistryException(RegistryException.Reason.ECR, "ECR returned an authorization token for "
                    + host.host() + " that is not base64; check the ECR endpoint");
        }
        if (!decoded.startsWith("AWS:") || decoded.length() == 4) {
            throw new RegistryException(RegistryException.Reason.ECR, "ECR returned an authorization token for "
                    + host.host() + " that does not decode to AWS:<password>; check the ECR endpoint");
        }
        events.accept("fetched a fresh ECR token for " + host.host() + " (expires " + token.expiresAt() + ")");
        return new RegistryCredential("AWS", decoded.substring(4));
    }

    /**
     * Creates the repository if missing, else brings scan-on-push and tag mutability in line and replaces the
     * lifecycle policy when it differs. Encryption is fixed at creation: a difference is reported, not changed.
     *
     * @return the tag policy to push with
     */
    public PushRequest.TagPolicy ensureRepository(EcrHost host, EcrRepositorySettings settings)
            throws RegistryException {
        EcrApi api = apiForRegion.apply(host.region());
        Optional<EcrApi.Repository> existing = api.describeRepository(host.account(), settings.name());
        if (existing.isEmpty()) {
            api.createRepository(host.account(), settings);
            events.accept("created ECR repository " + settings.name() + " (tags "
                    + (settings.immutableTags() ? "IMMUTABLE" : "MUTABLE") + ", scanOnPush " + settings.scanOnPush()
                    + ", encryption " + settings.encryptionType() + ")");
        } else {
            EcrApi.Repository repo = existing.get();
            if (repo.immutableTags() != settings.immutableTags()) {
                api.putTagMutability(host.account(), settings.name(), settings.immutableTags());
                events.accept("ECR repository " + settings.name() + ": tag mutability set to "
                        + (settings.immutableTags() ? "IMMUTABLE" : "MUTABLE"));
            }
            if (repo.scanOnPush() != settings.scanOnPush()) {
                api.putScanOnPush(host.account(), settings.name(), settings.scanOnPush());
                events.accept("ECR repository " + settings.name() + ": scanOnPush set to " + settings.scanOnPush());
            }
            if (!repo.encryptionType().equals(settings.encryptionType())
                    || (!settings.kmsKey().isEmpty() && !settings.kmsKey().equals(repo.kmsKey()))) {
                events.accept("warning: ECR repository " + settings.name() + " is encrypted with "
                        + repo.encryptionType() + " but " + settings.encryptionType() + " is configured; ECR cannot"
                        + " change encryption after creation (recreate the repository to change it)");
            }
        }
        if (settings.lifecycle() != null) {
            String wanted = settings.lifecycle().toJson();
            Optional<String> current = api.lifecyclePolicy(host.account(), settings.name());
            if (current.isEmpty() || !sameJson(current.get(), wanted)) {
                api.putLifecyclePolicy(host.account(), settings.name(), wanted);
                events.accept("ECR repository " + settings.name() + ": lifecycle policy updated");
            }
        }
        return settings.immutableTags() ? PushRequest.TagPolicy.IMMUTABLE : PushRequest.TagPolicy.MUTABLE;
    }

    private static boolean sameJson(String a, String b) {
        try {
            var om = new com.fasterxml.jackson.databind.ObjectMapper();
            return om.readTree(a).equals(om.readTree(b));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
