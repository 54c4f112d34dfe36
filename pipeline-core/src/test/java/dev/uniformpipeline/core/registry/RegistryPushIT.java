package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BaseImageResolver;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.BuildRequest;
import dev.uniformpipeline.core.build.BuiltImage;
import dev.uniformpipeline.core.build.ImageBuilder;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.core.build.PreparedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to Debian's docker-registry started by the test: plain HTTP + htpasswd, and TLS with a private CA. Reads
 * images back with the registry API and with skopeo (Debian package skopeo).
 */
class RegistryPushIT {
    @TempDir
    static Path shared;
    static LocalBaseImages bases;
    static LocalRegistry plain;
    static LocalRegistry tls;

    @TempDir
    Path tmp;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        bases = new LocalBaseImages(shared.resolve("bases"));
        new BaseImageMaker(bases, shared.resolve("maker"), BuildListener.NONE).busybox(Path.of("/bin/busybox"));
        plain = LocalRegistry.start(shared.resolve("plain"), false);
        tls = LocalRegistry.start(shared.resolve("tls"), true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    private PreparedImage prepare(String content) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + Math.abs(content.hashCode())));
        Files.writeString(src.resolve("index.html"), content);
        return new ImageBuilder(bases, BaseImageResolver.NONE, BuildListener.NONE)
                .prepare(BuildRequest.builder(src, tmp.resolve("work-" + Math.abs(content.hashCode())))
                        .label("org.opencontainers.image.revision", "0123456789abcdef").build());
    }

    private static CredentialSource good() {
        return CredentialSource.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD));
    }

    private ImagePusher pusher() {
        return new ImagePusher(events::add);
    }

    @Test
    void pushOverPlainHttpWithBasicAuthReportsTheDigestTheRegistryServes() throws Exception {
        PreparedImage image = prepare("<h1>v1</h1>");
        BuiltImage local = image.toTar(tmp.resolve("local.tar"), "example.org/site:v1");
        PushedImage pushed = pusher().push(image, new PushRequest(plain.endpoint(), "team/site", List.of("v1", "abc1234"),
                good(), PushRequest.TagPolicy.MUTABLE, List.of()), tmp.resolve("push"));
        assertEquals(local.digest(), pushed.digest(), "the registry digest equals the locally computed one");
        assertFalse(pushed.alreadyThere());
        OciRegistryClient client = new OciRegistryClient(plain.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        assertEquals(Optional.of(pushed.digest()), client.manifestDigest("team/site", "v1"));
        assertEquals(Optional.of(pushed.digest()), client.manifestDigest("team/site", "abc1234"));
        assertEquals(plain.host() + "/team/site@" + pushed.digest(), pushed.pinnedReference());
        assertFalse(String.join("\n", events).contains(LocalRegistry.PASSWORD));
    }

    @Test
    void rerunWithTheSameImageIsIdempotent() throws Exception {
        PushRequest request = new PushRequest(plain.endpoint(), "team/rerun", List.of("v1"), good(),
                PushRequest.TagPolicy.IMMUTABLE, List.of());
        PushedImage first = pusher().push(prepare("<h1>same</h1>"), request, tmp.resolve("p1"));
        PushedImage second = pusher().push(prepare("<h1>same</h1>"), request, tmp.resolve("p2"));
        assertEquals(first.digest(), second.digest());
        assertFalse(first.alreadyThere());
        assertTrue(second.alreadyThere());
    }

    @Test
    void immutableTagWithAnotherDigestIsAClearErrorAndTheTagIsUnchanged() throws Exception {
        PushRequest request = new PushRequest(plain.endpoint(), "team/immutable", List.of("release-1"), good(),
                PushRequest.TagPolicy.IMMUTABLE, List.of());
        PushedImage first = pusher().push(prepare("<h1>one</h1>"), request, tmp.resolve("p1"));
        RegistryException e = assertThrows(RegistryException.class,
                () -> pusher().push(prepare("<h1>two</h1>"), request, tmp.resolve("p2")));
        assertEquals(RegistryException.Reason.TAG_IMMUTABLE, e.reason());
        assertTrue(e.getMessage().contains("release-1") && e.getMessage().contains(first.digest()), e.getMessage());
        OciRegistryClient client = new OciRegistryClient(plain.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        assertEquals(Optional.of(first.digest()), client.manifestDigest("team/immutable", "release-1"));
    }

    @Test
    void mutableTagMovesToTheNewDigest() throws Exception {
        PushRequest request = new PushRequest(plain.endpoint(), "team/mutable", List.of("latest"), good(),
                PushRequest.TagPolicy.MUTABLE, List.of());
        PushedImage first = pusher().push(prepare("<h1>a</h1>"), request, tmp.resolve("p1"));
        PushedImage second = pusher().push(prepare("<h1>b</h1>"), request, tmp.resolve("p2"));
        assertFalse(first.digest().equals(second.digest()));
        OciRegistryClient client = new OciRegistryClient(plain.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        assertEquals(Optional.of(second.digest()), client.manifestDigest("team/mutable", "latest"));
    }

    @Test
    void wrongPasswordIsAnAuthenticationErrorThatNeverShowsThePassword() throws Exception {
        String wrong = "not-the-password-XYZ";
        RegistryException e = assertThrows(RegistryException.class, () -> pusher().push(prepare("<h1>x</h1>"),
                new PushRequest(plain.endpoint(), "team/denied", List.of("v1"),
                        CredentialSource.of(new RegistryCredential(LocalRegistry.USER, wrong)),
                        PushRequest.TagPolicy.MUTABLE, List.of()), tmp.resolve("p")));
        assertEquals(RegistryException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(wrong), "password leaked into the exception");
        assertFalse(String.join("\n", events).contains(wrong), "password leaked into events");
        assertTrue(e.getMessage().contains(LocalRegistry.USER), e.getMessage());
    }

    @Test
    void credentialsFromADockerConfigFileAreUsed() throws Exception {
        Path config = tmp.resolve("docker/config.json");
        Files.createDirectories(config.getParent());
        String auth = java.util.Base64.getEncoder().encodeToString((LocalRegistry.USER + ":" + LocalRegistry.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + plain.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        CredentialSource fromConfig = CredentialSource.standard(Map.of("DOCKER_CONFIG", config.getParent().toString()));
        PushedImage pushed = pusher().push(prepare("<h1>cfg</h1>"), new PushRequest(plain.endpoint(), "team/cfg",
                List.of("v1"), fromConfig, PushRequest.TagPolicy.MUTABLE, List.of()), tmp.resolve("p"));
        assertTrue(pushed.digest().startsWith("sha256:"));
    }

    @Test
    void tlsRegistryWithAPrivateCaIsTrustedOnlyWhenTheCaIsConfigured() throws Exception {
        RegistryException untrusted = assertThrows(RegistryException.class, () -> new OciRegistryClient(
                RegistryEndpoint.https(tls.host()), Optional.empty()).manifestDigest("team/tls", "v1"));
        assertEquals(RegistryException.Reason.TLS, untrusted.reason(), untrusted.getMessage());
        assertTrue(untrusted.getMessage().contains("caCertificate"), untrusted.getMessage());
        PushedImage pushed = pusher().push(prepare("<h1>tls</h1>"), new PushRequest(tls.endpoint(), "team/tls",
                List.of("v1"), good(), PushRequest.TagPolicy.MUTABLE, List.of()), tmp.resolve("p"));
        OciRegistryClient client = new OciRegistryClient(tls.endpoint(),
                Optional.of(new RegistryCredential(LocalRegistry.USER, LocalRegistry.PASSWORD)));
        assertEquals(Optional.of(pushed.digest()), client.manifestDigest("team/tls", "v1"));
    }

    @Test
    void registryBaseImageIsPinnedByDigestInTheBuiltImage() throws Exception {
        PushedImage base = pusher().push(prepare("<h1>base</h1>"), new PushRequest(plain.endpoint(), "base/site",
                List.of("1"), good(), PushRequest.TagPolicy.MUTABLE, List.of()), tmp.resolve("pb"));
        Path src = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(src.resolve("app.txt"), "on top of a registry base");
        RegistryBaseResolver resolver = new RegistryBaseResolver(Map.of(plain.host(), plain.endpoint()), good());
        BuiltImage built = new ImageBuilder(bases, resolver, BuildListener.NONE)
                .prepare(BuildRequest.builder(src, tmp.resolve("w")).layer("app", "app.txt", "/app/app.txt")
                        .baseImage(plain.host() + "/base/site:1").build())
                .toTar(tmp.resolve("app.tar"), "example.org/app:1");
        assertEquals(plain.host() + "/base/site:1@" + base.digest(), built.baseImage());
        assertEquals(base.digest(), built.labels().get("org.opencontainers.image.base.digest"));
    }

    @Test
    void localBaseIsPushedOnceAndUsableAsARegistryBase() throws Exception {
        PushRequest request = new PushRequest(plain.endpoint(), "base/busybox", List.of("1"), good(),
                PushRequest.TagPolicy.IMMUTABLE, List.of());
        var local = bases.resolve("local:busybox");
        PushedImage base = pusher().pushLocalBase(local, request, tmp.resolve("b1"));
        PushedImage again = pusher().pushLocalBase(local, request, tmp.resolve("b2"));
        assertEquals(base.digest(), again.digest());
        assertTrue(again.alreadyThere(), "pushing the same base again changes nothing");
        Path src = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(src.resolve("index.html"), "<h1>on a pushed base</h1>");
        RegistryBaseResolver resolver = new RegistryBaseResolver(Map.of(plain.host(), plain.endpoint()), good());
        PreparedImage app = new ImageBuilder(bases, resolver, BuildListener.NONE)
                .prepare(BuildRequest.builder(src, tmp.resolve("w")).baseImage(plain.host() + "/base/busybox:1").build());
        assertEquals(base.digest(), app.base().digest());
        PushedImage pushed = pusher().push(app, new PushRequest(plain.endpoint(), "team/on-base", List.of("v1"), good(),
                PushRequest.TagPolicy.MUTABLE, List.of()), tmp.resolve("p"));
        assertTrue(pushed.digest().startsWith("sha256:"));
    }

    @Test
    void skopeoReadsThePushedImageBack() throws Exception {
        PushedImage pushed = pusher().push(prepare("<h1>skopeo</h1>"), new PushRequest(plain.endpoint(),
                "team/skopeo", List.of("v1"), good(), PushRequest.TagPolicy.MUTABLE, List.of()), tmp.resolve("p"));
        assertTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "needs Debian's skopeo");
        Process p = new ProcessBuilder("skopeo", "inspect", "--tls-verify=false", "--creds",
                LocalRegistry.USER + ":" + LocalRegistry.PASSWORD, "docker://" + plain.host() + "/team/skopeo:v1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals(pushed.digest(), json.path("Digest").asText());
        assertEquals("0123456789abcdef", json.path("Labels").path("org.opencontainers.image.revision").asText());
        assertEquals("1970-01-01T00:00:00Z", json.path("Labels").path("org.opencontainers.image.created").asText());
        assertEquals("amd64", json.path("Architecture").asText());
    }
}
