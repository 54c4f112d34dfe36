package dev.uniformpipeline.localcloud.eks;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's Kubernetes API: fabric8's mock server in CRUD mode over HTTPS on 127.0.0.1, behind a check of
 * the EKS bearer token. The mock server makes its own self-signed certificate (Vert.x
 * {@code SelfSignedCertificate.create("localhost")}) at start and offers no way to supply one, so the CA that
 * DescribeCluster returns is that certificate, read back after start, and the endpoint is
 * {@code https://localhost:<port>} (the name the certificate is issued for).
 */
final class KubeApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeApiServer.class);

    /** The AWS Load Balancer Controller's CRD, so TargetGroupBindings can be stored and listed. */
    static final CustomResourceDefinitionContext TARGET_GROUP_BINDINGS = new CustomResourceDefinitionContext.Builder()
            .withGroup("elbv2.k8s.aws").withVersion("v1beta1").withKind("TargetGroupBinding")
            .withPlural("targetgroupbindings").withScope("Namespaced")
            .withName("targetgroupbindings.elbv2.k8s.aws").build();

    /** The mock server logs every request at INFO through java.util.logging; kept referenced so the level holds. */
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final String internalToken;
    private final String caPem;
    private final String endpoint;

    KubeApiServer() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.internalToken = "local-cloud-controller." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        Dispatcher crud = new KubernetesMixedDispatcher(responses, List.of(TARGET_GROUP_BINDINGS));
        Dispatcher authenticated = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Optional<String> problem = authProblem(request.getHeader("Authorization"));
                if (problem.isPresent()) {
                    LOG.info("EKS API: rejected {} {}: {}", request.getMethod(), request.getPath(), problem.get());
                    return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                                    + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
                }
                return crud.dispatch(request);
            }

            @Override
            public void shutdown() {
                crud.shutdown();
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, authenticated, true);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path cert = Path.of(server.getSelfSignedCertificate().certificatePath());
            caPem = Files.readString(cert, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException("cannot read the mock API server's certificate", e);
        }
        endpoint = "https://localhost:" + server.getPort();
    }

    private Optional<String> authProblem(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("no Authorization: Bearer header");
        }
        String token = header.substring(7).trim();
        if (token.equals(internalToken)) {
            return Optional.empty();
        }
        return EksTokens.problem(token);
    }

    /** {@code https://localhost:<port>}. */
    String endpoint() {
        return endpoint;
    }

    /** The PEM of the server's self-signed certificate (its own CA). */
    String caPem() {
        return caPem;
    }

    /** A client for local-cloud's own controller (authenticated with a per-server secret, not an EKS token). */
    KubernetesClient internalClient() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(endpoint)
                .withCaCertData(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
                .withOauthToken(internalToken).withRequestTimeout(10_000).withConnectionTimeout(5_000)
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        try {
            server.destroy();
        } finally {
            try {
                server.getSelfSignedCertificate().delete();
            } catch (RuntimeException ignored) {
                // temp files only
            }
        }
    }
}
