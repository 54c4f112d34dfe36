package dev.uniformpipeline.core.registry;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.uniformpipeline.core.build.BaseImage;
import dev.uniformpipeline.core.build.BaseImageResolver;
import dev.uniformpipeline.core.build.BuildException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves {@code host[:port]/repo[:tag|@digest]} base images to a digest before the build, so every image records
 * (and is built from) exactly that base. {@code endpoints} says how to reach each host (plain HTTP, CA); hosts not
 * listed use HTTPS with the JDK's CAs. References without a registry host (Docker Hub shorthand) are refused: no
 * public registry is reachable from the build machines, and a silent Docker Hub default hides that.
 */
public final class RegistryBaseResolver implements BaseImageResolver {
    private final Function<String, RegistryEndpoint> endpoints;
    private final CredentialSource credentials;

    public RegistryBaseResolver(Map<String, RegistryEndpoint> endpoints, CredentialSource credentials) {
        Map<String, RegistryEndpoint> copy = Map.copyOf(endpoints);
        this.endpoints = host -> copy.getOrDefault(host, RegistryEndpoint.https(host));
        this.credentials = credentials;
    }

    @Override
    public BaseImage.Registry resolve(String reference) throws BuildException {
        ParsedReference ref = ParsedReference.parse(reference).orElseThrow(() -> new BuildException(
                BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: '" + reference + "' names no registry"
                + " host; write host[:port]/repository[:tag] (for example registry.example.org/base/jre:17) or use"
                + " a local base (local:busybox, local:jre17)"));
        RegistryEndpoint endpoint = endpoints.apply(ref.host());
        try {
            Optional<RegistryCredential> credential = credentials.forRegistry(ref.host());
            String digest = ref.digest();
            if (digest.isEmpty()) {
                digest = new OciRegistryClient(endpoint, credential).manifestDigest(ref.repository(), ref.tag())
                        .orElseThrow(() -> new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE,
                                "build.baseImage: " + reference + " does not exist in " + ref.host()
                                        + "; push the base there first or fix the tag"));
            }
            if (endpoint.caCertificate() != null) {
                RegistryTls.trust(endpoint.caCertificate());
            }
            RegistryImage image = RegistryImage.named(ref.host() + "/" + ref.repository() + "@" + digest);
            credential.ifPresent(c -> image.addCredential(c.username(), c.secret()));
            if (endpoint.plainHttp() && credential.isPresent()) {
                System.setProperty(ImagePusher.SEND_CREDENTIALS_OVER_HTTP, "true");
            }
            return new BaseImage.Registry(reference, digest, image, endpoint.plainHttp());
        } catch (RegistryException e) {
            throw new BuildException(BuildException.Reason.REGISTRY, "build.baseImage " + reference + ": "
                    + e.getMessage(), e);
        } catch (InvalidImageReferenceException e) {
            throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: '" + reference
                    + "' is not a valid image reference", e);
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
