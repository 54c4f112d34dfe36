package dev.uniformpipeline.core.registry;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.uniformpipeline.core.build.BaseImage;
import dev.uniformpipeline.core.build.BuildException;
import dev.uniformpipeline.core.build.BuiltImage;
import dev.uniformpipeline.core.build.ImageIndex;
import dev.uniformpipeline.core.build.PlatformImages;
import dev.uniformpipeline.core.build.PreparedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pushes a prepared image. Steps: resolve credentials; ask the registry where each tag points; when a tag exists,
 * compute the image's digest by writing it to an OCI tar in the work directory (jib is deterministic, so this is the
 * digest the registry will compute; a record of the digest by the image's inputs saves the tar) and skip tags already
 * at that digest (idempotent reruns) or refuse to move an immutable tag; mount blobs from
 * {@link PushRequest#mountFrom()} (this needs a tar); push the rest with jib (which uploads only the blobs the registry
 * lacks); check the registry reports the digest jib pushed. Several platforms are pushed as an OCI image index whose
 * digest (recorded by the images' inputs, else computed from per-platform tars) is what the tags are compared with.
 */
public final class ImagePusher {
    /**
     * jib's system property for sending Basic credentials over plain HTTP (needed for insecure local registries;
     * jib-core 0.27 reads {@code Boolean.getBoolean("sendCredentialsOverHttp")}).
     */
    static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";

    private final Consumer<String> events;
    private final PushRetry retry;

    /**
     * A pusher that retries transient failures with {@link RetryPolicy#DEFAULT}, reporting each retry as a line.
     *
     * @param events receives one line per step; never a secret
     */
    public ImagePusher(Consumer<String> events) {
        this(events, new PushRetry(RetryPolicy.DEFAULT, r -> events.accept(r.describe())));
    }

    /**
     * @param events receives one line per step; never a secret
     * @param retry  how transient push failures are retried (and reported)
     */
    public ImagePusher(Consumer<String> events, PushRetry retry) {
        this.events = Objects.requireNonNull(events, "events");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** What can be pushed: its digest computed locally, and a jib run to a target. */
    private interface Source {
        /** Writes the image to an OCI tar at {@code tar} and returns its digest. */
        String writeTar(Path tar, String reference) throws BuildException;

        /** The digest, from a record of these inputs when there is one, else by {@link #writeTar}. */
        default String digest(Path tar, String reference) throws BuildException {
            return writeTar(tar, reference);
        }

        JibContainer containerize(Containerizer containerizer) throws BuildException;

        /** The registry confirmed {@code digest} for this image. */
        default void pushed(String digest) { }
    }

    /** Runs jib for one image with a containerizer the caller configured. */
    private interface Jib {
        JibContainer containerize(Containerizer containerizer) throws BuildException;
    }

    /** Pushes an application image. */
    public PushedImage push(PreparedImage image, PushRequest request, Path workDir) throws RegistryException {
        return push(new Source() {
            @Override
            public String digest(Path tar, String reference) throws BuildException {
                java.util.Optional<String> known = image.knownDigest();
                if (known.isPresent()) {
                    events.accept("image inputs unchanged since digest " + known.get() + " was built");
                    return known.get();
                }
                return writeTar(tar, reference);
            }

            @Override
            public String writeTar(Path tar, String reference) throws BuildException {
                BuiltImage local = image.toTar(tar, reference);
                return local.digest();
            }

            @Override
            public void pushed(String digest) {
                image.rememberDigest(digest);
            }

            @Override
            public JibContainer containerize(Containerizer containerizer) throws BuildException {
                return image.containerize(containerizer);
            }
        }, request, workDir);
    }

    /**
     * Pushes a base made on this machine ({@code local:<name>}) to a registry as an OCI image, so builds elsewhere
     * can use it as {@code host/repository@digest}. The configuration (env, cmd) is kept; times stay at the epoch.
     */
    public PushedImage pushLocalBase(BaseImage.Local base, PushRequest request, Path workDir) throws RegistryException {
        return push(new Source() {
            private JibContainerBuilder builder() {
                return base.newBuilder().setFormat(ImageFormat.OCI).setCreationTime(Instant.EPOCH);
            }

            private JibContainer run(Containerizer c) throws BuildException {
                c.setBaseImageLayersCache(workDir.resolve("jib-base-cache"))
                        .setApplicationLayersCache(workDir.resolve("jib-app-cache")).setToolName("uniform-pipeline");
                try {
                    return builder().containerize(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BuildException(BuildException.Reason.IO, "interrupted", e);
                } catch (Exception e) {
                    Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                            ? e.getCause() : e;
                    throw new BuildException(BuildException.Reason.REGISTRY, "pushing base " + base.reference()
                            + " failed: " + cause.getMessage(), cause);
                }
            }

            @Override
            public String writeTar(Path tar, String reference) throws BuildException {
                try {
                    return run(Containerizer.to(TarImage.at(tar).named(reference))).getDigest().toString();
                } catch (InvalidImageReferenceException e) {
                    throw new BuildException(BuildException.Reason.INVALID_REQUEST, reference + " is not valid", e);
                }
            }

            @Override
            public JibContainer containerize(Containerizer containerizer) throws BuildException {
                return run(containerizer);
            }
        }, request, workDir);
    }

    private PushedImage push(Source image, PushRequest request, Path workDir) throws RegistryException {
        RegistryEndpoint endpoint = request.endpoint();
        Optional<RegistryCredential> credential = request.credentials().forRegistry(endpoint.host());
        OciRegistryClient client = new OciRegistryClient(endpoint, credential);

        // ask the registry where each tag points first: the local digest (an OCI tar written with the base layers)
        // is only needed when a tag exists, to tell an idempotent rerun from a tag move
        java.util.Map<String, Optional<String>> existing = new java.util.LinkedHashMap<>();
        for (String tag : request.tags()) {
            existing.put(tag, client.manifestDigest(request.repository(), tag));
        }
        String expected = null;
        List<String> toPush = new ArrayList<>();
        for (String tag : request.tags()) {
            Optional<String> current = existing.get(tag);
            if (current.isEmpty()) {
                toPush.add(tag);
                continue;
            }
            if (expected == null) {
                expected = localDigest(image, request, workDir);
            }
            if (current.get().equals(expected)) {
                events.accept(request.imageName() + ":" + tag + " already points at " + expected + ": unchanged");
                continue;
            }
            if (request.tagPolicy() == PushRequest.TagPolicy.IMMUTABLE) {
                throw new RegistryException(RegistryException.Reason.TAG_IMMUTABLE, "tag '" + tag + "' of "
                        + request.imageName() + " is immutable and already points at " + current.get()
                        + ", not at this build's " + expected + "; use a unique tag per build (for example ${git.sha})"
                        + " or make the repository's tags mutable");
            }
            toPush.add(tag);
        }
        if (toPush.isEmpty()) {
            return new PushedImage(endpoint.host(), request.repository(), expected, request.tags(), true, List.of());
        }
        // blob mounts need the list of the image's blobs, hence a tar; without mountFrom no tar is written (jib
        // itself uploads only the blobs the registry lacks)
        if (!mountSources(request).isEmpty()) {
            try {
                Path tar = workDir.resolve("push-mount.tar");
                java.nio.file.Files.createDirectories(workDir);
                image.writeTar(tar, request.imageName() + ":" + request.tags().get(0));
                mountFromOtherRepositories(client, request, ImageIndex.blobsOf(tar));
            } catch (java.io.IOException e) {
                throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "cannot create " + workDir, e);
            } catch (BuildException e) {
                throw new RegistryException(RegistryException.Reason.PUSH_FAILED, e.getMessage(), e);
            }
        }

        if (endpoint.plainHttp()) {
            if (credential.isPresent()) {
                System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
            }
        } else if (endpoint.caCertificate() != null) {
            RegistryTls.trust(endpoint.caCertificate());
        }
        events.accept("pushing " + request.imageName() + " tags " + toPush);
        JibContainer container = containerize(image::containerize, ":" + toPush.get(0), toPush.subList(1, toPush.size()),
                "push " + request.imageName(), request, endpoint, credential);
        String pushed = container.getDigest().toString();
        image.pushed(pushed); // jib's digest of these inputs (also repairs a stale record before the check below)
        if (expected == null) {
            expected = pushed;
        }
        Optional<String> reported = client.manifestDigest(request.repository(), toPush.get(0));
        if (!pushed.equals(expected) || reported.isEmpty() || !reported.get().equals(expected)) {
            throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "digest mismatch after pushing "
                    + request.imageName() + ":" + toPush.get(0) + ": expected " + expected + ", jib pushed " + pushed
                    + ", registry reports " + reported.orElse("nothing") + "; the build is not reproducible or the"
                    + " registry rewrote the manifest");
        }
        events.accept("pushed " + request.imageName() + "@" + expected);
        return new PushedImage(endpoint.host(), request.repository(), expected, request.tags(), false, List.of());
    }

    /** The image's digest, computed by writing it to an OCI tar (jib is deterministic: the registry's digest). */
    private static String localDigest(Source image, PushRequest request, Path workDir) throws RegistryException {
        try {
            java.nio.file.Files.createDirectories(workDir);
            return image.digest(workDir.resolve("push-digest.tar"), request.imageName() + ":" + request.tags().get(0));
        } catch (java.io.IOException e) {
            throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "cannot create " + workDir, e);
        } catch (BuildException e) {
            throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "cannot compute the image digest"
                    + " before pushing to " + request.imageName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Cross-repository blob mounts: each blob of the image that the target repository lacks is mounted from the
     * first of {@link PushRequest#mountFrom()} that the registry will mount it from, so jib (which checks blobs
     * before uploading) uploads only what no listed repository has. jib itself already mounts from the base image's
     * repository when it is in the same registry. A registry that declines (Amazon ECR unless the registry's
     * {@code BLOB_MOUNTING} setting is ENABLED, different encryption, or a blob no manifest there references)
     * answers 202; that upload is cancelled and the blob is uploaded normally.
     */
    private void mountFromOtherRepositories(OciRegistryClient client, PushRequest request,
                                            List<ImageIndex.Blob> blobs) throws RegistryException {
        List<String> sources = mountSources(request);
        if (sources.isEmpty()) {
            return;
        }
        int mounted = 0;
        int missing = 0;
        long bytes = 0;
        for (ImageIndex.Blob blob : blobs) {
            if (client.hasBlob(request.repository(), blob.digest())) {
                continue;
            }
            missing++;
            for (String from : sources) {
                if (client.mountBlob(request.repository(), blob.digest(), from)) {
                    mounted++;
                    bytes += blob.size();
                    break;
                }
            }
        }
        if (missing > 0) {
            events.accept("mounted " + mounted + " of " + missing + " missing blob(s) (" + bytes + " bytes) into "
                    + request.imageName() + " from " + sources + (mounted < missing ? "; the rest are uploaded"
                    : "; nothing to upload but the manifest"));
        }
    }

    /** The repositories of {@link PushRequest#mountFrom()} other than the target. */
    private static List<String> mountSources(PushRequest request) {
        return request.mountFrom().stream().filter(r -> !r.equals(request.repository())).toList();
    }

    /** The tags that do not point at {@code expected} yet; refuses to move an immutable tag. */
    private List<String> tagsToPush(OciRegistryClient client, PushRequest request, String expected)
            throws RegistryException {
        List<String> toPush = new ArrayList<>();
        for (String tag : request.tags()) {
            Optional<String> existing = client.manifestDigest(request.repository(), tag);
            if (existing.isPresent() && existing.get().equals(expected)) {
                events.accept(request.imageName() + ":" + tag + " already points at " + expected + ": unchanged");
                continue;
            }
            if (existing.isPresent() && request.tagPolicy() == PushRequest.TagPolicy.IMMUTABLE) {
                throw new RegistryException(RegistryException.Reason.TAG_IMMUTABLE, "tag '" + tag + "' of "
                        + request.imageName() + " is immutable and already points at " + existing.get()
                        + ", not at this build's " + expected + "; use a unique tag per build (for example ${git.sha})"
                        + " or make the repository's tags mutable");
            }
            toPush.add(tag);
        }
        return toPush;
    }

    /**
     * Pushes the images of a build: one platform as {@link #push(PreparedImage, PushRequest, Path)} does; several
     * as an OCI image index. Then each platform's image is pushed by digest (untagged; skipped when the registry
     * has it), and the index, whose digest is computed locally beforehand, is put under every tag that does not
     * point at it yet. Immutable tags and idempotent reruns follow the index digest. The result's digest is the
     * index digest; {@link PushedImage#manifests()} lists the per-platform digests.
     */
    public PushedImage push(PlatformImages images, PushRequest request, Path workDir) throws RegistryException {
        if (!images.multiPlatform()) {
            PushedImage one = push(images.first(), request, workDir);
            return new PushedImage(one.registry(), one.repository(), one.digest(), one.tags(), one.alreadyThere(),
                    List.of(new PushedImage.PlatformManifest(images.first().platform().toString(), one.digest())));
        }
        RegistryEndpoint endpoint = request.endpoint();
        Optional<RegistryCredential> credential = request.credentials().forRegistry(endpoint.host());
        OciRegistryClient client = new OciRegistryClient(endpoint, credential);
        ImageIndex index;
        String reference = request.imageName() + ":" + request.tags().get(0);
        Optional<ImageIndex> known = ImageIndex.known(images);
        try {
            java.nio.file.Files.createDirectories(workDir);
            if (known.isPresent()) {
                index = known.get();
                events.accept("image inputs unchanged since index " + index.digest() + " was built");
            } else {
                index = ImageIndex.write(images, workDir, reference);
                index.remember(images);
            }
        } catch (java.io.IOException e) {
            throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "cannot create " + workDir, e);
        } catch (BuildException e) {
            throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "cannot compute the image digests"
                    + " before pushing to " + request.imageName() + ": " + e.getMessage(), e);
        }
        List<ImageIndex.Entry> entries = index.manifests();
        String expected = index.digest();
        List<PushedImage.PlatformManifest> manifests = entries.stream()
                .map(e -> new PushedImage.PlatformManifest(e.platform().toString(), e.digest())).toList();
        List<String> toPush = tagsToPush(client, request, expected);
        if (toPush.isEmpty()) {
            return new PushedImage(endpoint.host(), request.repository(), expected, request.tags(), true, manifests);
        }
        if (endpoint.plainHttp() && credential.isPresent()) {
            System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
        } else if (endpoint.caCertificate() != null) {
            RegistryTls.trust(endpoint.caCertificate());
        }
        for (int i = 0; i < entries.size(); i++) {
            ImageIndex.Entry entry = entries.get(i);
            PreparedImage image = images.images().get(i);
            if (client.manifestDigest(request.repository(), entry.digest()).isPresent()) {
                events.accept(request.imageName() + "@" + entry.digest() + " (" + entry.platform()
                        + ") is already there");
                continue;
            }
            events.accept("pushing " + request.imageName() + " " + entry.platform() + " as " + entry.digest());
            try {
                if (!mountSources(request).isEmpty()) {
                    Path tar = workDir.resolve(image.platform().slug() + ".tar");
                    if (known.isPresent()) {
                        image.toTar(tar, reference); // the index came from the record: no tar was written
                    }
                    mountFromOtherRepositories(client, request, ImageIndex.blobsOf(tar));
                }
            } catch (BuildException e) {
                throw translate(e, request, credential);
            }
            JibContainer container = containerize(image::containerize, "@" + entry.digest(), List.of(),
                    "push " + request.imageName() + " " + entry.platform(), request, endpoint, credential);
            if (!container.getDigest().toString().equals(entry.digest())) {
                throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "digest mismatch pushing "
                        + request.imageName() + " " + entry.platform() + ": expected " + entry.digest() + ", jib pushed "
                        + container.getDigest() + "; the build is not reproducible");
            }
        }
        byte[] bytes = index.bytes();
        for (String tag : toPush) {
            events.accept("putting the image index " + expected + " " + images.platforms() + " as "
                    + request.imageName() + ":" + tag);
            retry.run("put index " + request.imageName() + ":" + tag,
                    () -> client.putManifest(request.repository(), tag, bytes, ImageIndex.MEDIA_TYPE));
        }
        Optional<String> reported = client.manifestDigest(request.repository(), toPush.get(0));
        if (reported.isEmpty() || !reported.get().equals(expected)) {
            throw new RegistryException(RegistryException.Reason.PUSH_FAILED, "digest mismatch after pushing the index "
                    + request.imageName() + ":" + toPush.get(0) + ": expected " + expected + ", registry reports "
                    + reported.orElse("nothing") + "; the registry rewrote the index");
        }
        events.accept("pushed " + request.imageName() + "@" + expected + " (index of " + manifests.size()
                + " platforms)");
        return new PushedImage(endpoint.host(), request.repository(), expected, request.tags(), false, manifests);
    }

    /**
     * Pushes {@code image} as {@code request.imageName() + suffix} (a {@code :tag} or an {@code @digest}), plus
     * {@code moreTags}, retrying transient failures as {@code operation}. A fresh containerizer per attempt; jib
     * skips the blobs an earlier attempt already uploaded.
     */
    private JibContainer containerize(Jib image, String suffix, List<String> moreTags, String operation,
                                      PushRequest request, RegistryEndpoint endpoint,
                                      Optional<RegistryCredential> credential) throws RegistryException {
        try {
            RegistryImage target = RegistryImage.named(request.imageName() + suffix);
            credential.ifPresent(c -> target.addCredential(c.username(), c.secret()));
            return retry.run(operation, () -> {
                Containerizer containerizer = Containerizer.to(target);
                for (String t : moreTags) {
                    containerizer.withAdditionalTag(t);
                }
                if (endpoint.plainHttp()) {
                    containerizer.setAllowInsecureRegistries(true);
                }
                return image.containerize(containerizer);
            });
        } catch (InvalidImageReferenceException e) {
            throw new RegistryException(RegistryException.Reason.INVALID_REQUEST, "'" + request.imageName()
                    + "' is not a valid image name: " + e.getMessage());
        } catch (BuildException e) {
            throw translate(e, request, credential);
        }
    }

    private static RegistryException translate(BuildException e, PushRequest request,
                                               Optional<RegistryCredential> credential) {
        String text = chain(e);
        String secretFree = credential.map(c -> text.replace(c.secret(), "***")).orElse(text);
        if (text.contains("TAG_INVALID") || text.contains("cannot be overwritten because the repository is immutable")) {
            return new RegistryException(RegistryException.Reason.TAG_IMMUTABLE, "the registry refused to overwrite an"
                    + " immutable tag of " + request.imageName() + " " + request.tags()
                    + "; use a unique tag per build (for example ${git.sha})");
        }
        if (text.contains("not sent because the connection was over HTTP")) {
            return new RegistryException(RegistryException.Reason.AUTHENTICATION, "credentials for "
                    + request.imageName() + " were not sent over plain HTTP; use HTTPS, or mark the registry insecure"
                    + " (plain HTTP) explicitly");
        }
        if (text.contains("Unauthorized") || text.contains("401") || text.contains("UNAUTHORIZED")
                || text.contains("denied") || text.contains("DENIED")) {
            return new RegistryException(RegistryException.Reason.AUTHENTICATION, "registry "
                    + request.endpoint().host() + " refused the push to " + request.repository()
                    + credential.map(c -> " as '" + c.username() + "'").orElse(" (no credentials)")
                    + "; check " + EnvCredentials.USERNAME + "/" + EnvCredentials.PASSWORD + " or the Docker config");
        }
        if (text.contains("PKIX") || text.contains("SSL") || text.contains("certificate")) {
            return new RegistryException(RegistryException.Reason.TLS, "TLS to " + request.endpoint().host()
                    + " failed; set the registry's caCertificate (PEM) if it uses a private CA");
        }
        if (text.contains("Connection refused") || text.contains("UnknownHost") || text.contains("connect timed out")) {
            return new RegistryException(RegistryException.Reason.UNREACHABLE, "cannot reach registry "
                    + request.endpoint().baseUrl() + "; check image.registry and that the registry is up");
        }
        if (text.contains("NAME_UNKNOWN")) {
            return new RegistryException(RegistryException.Reason.PUSH_FAILED, "repository " + request.repository()
                    + " does not exist in registry " + request.endpoint().host() + "; create it, fix"
                    + " image.repository, or for ECR leave image.ecr.create at true so the pipeline creates it");
        }
        return new RegistryException(RegistryException.Reason.PUSH_FAILED, "push to " + request.imageName()
                + " failed: " + secretFree);
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && seen.add(t.getMessage())) { // wrappers often repeat their cause's text
                sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
            }
        }
        return sb.toString();
    }
}
