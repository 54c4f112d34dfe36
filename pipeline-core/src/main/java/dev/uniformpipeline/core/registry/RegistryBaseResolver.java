package dev.uniformpipeline.core.registry;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.uniformpipeline.core.build.BaseImage;
import dev.uniformpipeline.core.build.BaseImageResolver;
import dev.uniformpipeline.core.build.BuildException;
import dev.uniformpipeline.core.build.TargetPlatform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves {@code host[:port]/repo[:tag|@digest]} base images to a digest before the build, so every image records
 * (and is built from) exactly that base. {@code endpoints} says how to reach each host (plain HTTP, CA); hosts not
 * listed use HTTPS with the JDK's CAs. References without a registry host (Docker Hub shorthand) are refused: no
 * public registry is reachable from the build machines, and a silent Docker Hub default hides that.
 */
public final class RegistryBaseResolver implements BaseImageResolver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Function<String, RegistryEndpoint> endpoints;
    private final CredentialSource credentials;

    public RegistryBaseResolver(Map<String, RegistryEndpoint> endpoints, CredentialSource credentials) {
        Map<String, RegistryEndpoint> copy = Map.copyOf(endpoints);
        this.endpoints = host -> copy.getOrDefault(host, RegistryEndpoint.https(host));
        this.credentials = credentials;
    }

    /**
     * Resolves the reference to a pinned digest. An image index (manifest list) becomes a
     * {@link BaseImage.RegistryIndex} with one pinned manifest per platform (entries without os/architecture, such
     * as attestation manifests, are left out); a single manifest is a {@link BaseImage.Registry} whose platform is
     * read from its config.
     */
    @Override
    public BaseImage resolve(String reference) throws BuildException {
        ParsedReference ref = ParsedReference.parse(reference).orElseThrow(() -> new BuildException(
                BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: '" + reference + "' names no registry"
                + " host; write host[:port]/repository[:tag] (for example registry.example.org/base/jre:17) or use"
                + " a local base (local:busybox, local:jre17)"));
        RegistryEndpoint endpoint = endpoints.apply(ref.host());
        try {
            Optional<RegistryCredential> credential = credentials.forRegistry(ref.host());
            OciRegistryClient client = new OciRegistryClient(endpoint, credential);
            OciRegistryClient.Manifest manifest = client.manifest(ref.repository(),
                    ref.digest().isEmpty() ? ref.tag() : ref.digest()).orElseThrow(() -> new BuildException(
                            BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: " + reference
                            + " does not exist in " + ref.host() + "; push the base there first or fix the tag"));
            if (endpoint.caCertificate() != null) {
                RegistryTls.trust(endpoint.caCertificate());
            }
            if (endpoint.plainHttp() && credential.isPresent()) {
                System.setProperty(ImagePusher.SEND_CREDENTIALS_OVER_HTTP, "true");
            }
            if (!manifest.isIndex()) {
                return pinned(reference, ref, manifest.digest(), endpoint, credential,
                        platformOf(client, ref.repository(), manifest));
            }
            JsonNode index = JSON.readTree(manifest.bytes());
            Map<TargetPlatform, BaseImage.Registry> platforms = new TreeMap<>();
            for (JsonNode m : index.path("manifests")) {
                String os = m.path("platform").path("os").asText("");
                String arch = m.path("platform").path("architecture").asText("");
                if (os.isEmpty() || arch.isEmpty() || os.equals("unknown") || arch.equals("unknown")) {
                    continue;
                }
                TargetPlatform p = new TargetPlatform(os, arch, m.path("platform").path("variant").asText(""));
                platforms.putIfAbsent(p, pinned(reference, ref, m.path("digest").asText(), endpoint, credential, p));
            }
            if (platforms.isEmpty()) {
                throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: " + reference
                        + " is an image index without any platform entries; use a per-platform image instead");
            }
            return new BaseImage.RegistryIndex(reference, manifest.digest(), platforms);
        } catch (RegistryException e) {
            throw new BuildException(BuildException.Reason.REGISTRY, "build.baseImage " + reference + ": "
                    + e.getMessage(), e);
        } catch (InvalidImageReferenceException e) {
            throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: '" + reference
                    + "' is not a valid image reference", e);
        } catch (java.io.IOException e) {
            throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: " + reference
                    + " has a manifest that is not valid JSON", e);
        }
    }

    private static BaseImage.Registry pinned(String reference, ParsedReference ref, String digest,
                                             RegistryEndpoint endpoint, Optional<RegistryCredential> credential,
                                             TargetPlatform platform) throws InvalidImageReferenceException {
        RegistryImage image = RegistryImage.named(ref.host() + "/" + ref.repository() + "@" + digest);
        credential.ifPresent(c -> image.addCredential(c.username(), c.secret()));
        return new BaseImage.Registry(reference, digest, image, endpoint.plainHttp(), platform);
    }

    /** The os/architecture in the config of a single-platform manifest (linux/amd64 when it does not say). */
    private static TargetPlatform platformOf(OciRegistryClient client, String repository,
                                             OciRegistryClient.Manifest manifest) throws RegistryException {
        try {
            String config = JSON.readTree(manifest.bytes()).path("config").path("digest").asText("");
            if (config.isEmpty()) {
                return TargetPlatform.LINUX_AMD64;
            }
            JsonNode c = JSON.readTree(client.blob(repository, config));
            String os = c.path("os").asText("linux");
            String arch = c.path("architecture").asText("amd64");
            return new TargetPlatform(os, arch, c.path("variant").asText(""));
        } catch (java.io.IOException e) {
            return TargetPlatform.LINUX_AMD64;
        }
    }

    /** {@code host/repository:tag} or {@code host/repository@sha256:...}. */
    record ParsedReference(String host, String repository, String tag, String digest) {
        static Optional<ParsedReference> parse(String reference) {
            int slash = reference.indexOf('/');
            if (slash <= 0) {
                return Optional.empty();
            }
            String host = reference.substring(0, slash);
            if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
                return Optional.empty();
            }
            String rest = reference.substring(slash + 1);
            String digest = "";
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            String tag = "latest";
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            if (rest.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ParsedReference(host, rest, tag, digest));
        }
    }
}
