package dev.uniformpipeline.localcloud.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/** The EKS control plane through the real AWS SDK v2 EksClient, and the embedded API server's TLS and auth. */
class EksApiIT {
    private LocalCloud cloud;
    private EksClient eks;

    @BeforeEach
    void start() {
        cloud = LocalCloud.builder().clockFactor(10).start();
        eks = Sdk.client(EksClient.builder(), cloud.endpoint());
    }

    @AfterEach
    void stop() {
        eks.close();
        cloud.close();
    }

    private Cluster create(String name) {
        return eks.createCluster(b -> b.name(name).roleArn("arn:aws:iam::000000000000:role/eks").version("1.30")
                .resourcesVpcConfig(v -> v.subnetIds("subnet-a", "subnet-b").securityGroupIds("sg-1"))).cluster();
    }

    @Test
    void clusterIsCreatingThenActiveOnTheCloudClockWithEndpointAndCa() throws Exception {
        Cluster created = create("prod");
        assertEquals(ClusterStatus.CREATING, created.status());
        assertEquals("arn:aws:eks:us-east-1:000000000000:cluster/prod", created.arn());
        assertNull(created.endpoint(), "no endpoint while CREATING");
        assertEquals(List.of("subnet-a", "subnet-b"), created.resourcesVpcConfig().subnetIds());
        assertTrue(created.identity().oidc().issuer().startsWith("https://oidc.eks.us-east-1.amazonaws.com/id/"));

        cloud.clock().advance(EksService.DEFAULT_CREATION_TIME);
        Cluster active = eks.describeCluster(b -> b.name("prod")).cluster();
        assertEquals(ClusterStatus.ACTIVE, active.status());
        assertEquals("1.30", active.version());
        assertEquals("arn:aws:iam::000000000000:role/eks", active.roleArn());
        assertNotNull(active.createdAt());
        assertTrue(active.endpoint().startsWith("https://"), active.endpoint());
        String pem = new String(Base64.getDecoder().decode(active.certificateAuthority().data()));
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
        ca.checkValidity();

        // the CA really is the one the API server presents: a client trusting only it gets through TLS
        try (KubernetesClient kube = EksFixture.client(active, EksToken.forCluster("prod", Sdk.STATIC, "us-east-1"))) {
            kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata()
                    .addToData("k", "v").build()).create();
            assertEquals("v", kube.configMaps().withName("x").get().getData().get("k"));
        }
    }

    @Test
    void apiServerRejectsRequestsWithoutAWellFormedEksToken() {
        create("auth");
        cloud.clock().advance(EksService.DEFAULT_CREATION_TIME);
        Cluster active = eks.describeCluster(b -> b.name("auth")).cluster();
        for (String bad : new String[] {"not-a-token", "k8s-aws-v1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("https://evil.example.com/?Action=GetCallerIdentity".getBytes())}) {
            try (KubernetesClient kube = EksFixture.client(active, bad)) {
                KubernetesClientException e = assertThrows(KubernetesClientException.class,
                        () -> kube.configMaps().list());
                assertEquals(401, e.getCode());
            }
        }
    }

    @Test
    void deletingAnActiveClusterStopsItsApiServer() {
        create("gone");
        cloud.clock().advance(EksService.DEFAULT_CREATION_TIME);
        Cluster active = eks.describeCluster(b -> b.name("gone")).cluster();
        try (KubernetesClient kube = EksFixture.client(active, EksToken.forCluster("gone", Sdk.STATIC, "us-east-1"))) {
            assertTrue(kube.configMaps().list().getItems().isEmpty());
            Cluster deleting = eks.deleteCluster(b -> b.name("gone")).cluster();
            assertEquals(ClusterStatus.DELETING, deleting.status());
            assertNull(deleting.endpoint(), "a DELETING cluster no longer advertises its endpoint");
            assertThrows(KubernetesClientException.class, () -> kube.configMaps().list());
        }
    }

    @Test
    void listAndDeleteClusters() {
        create("a");
        create("b");
        create("c");
        assertEquals(List.of("a", "b", "c"), eks.listClusters().clusters());
        var page = eks.listClusters(b -> b.maxResults(2));
        assertEquals(List.of("a", "b"), page.clusters());
        assertEquals(List.of("c"), eks.listClusters(b -> b.maxResults(2).nextToken(page.nextToken())).clusters());

        assertEquals(ClusterStatus.DELETING, eks.deleteCluster(b -> b.name("b")).cluster().status());
        assertEquals(ClusterStatus.DELETING, eks.describeCluster(b -> b.name("b")).cluster().status());
        cloud.clock().advance(EksService.DEFAULT_DELETION_TIME);
        assertEquals(List.of("a", "c"), eks.listClusters().clusters());
        assertThrows(ResourceNotFoundException.class, () -> eks.describeCluster(b -> b.name("b")));
    }

    @Test
    void errorsCarryTheModelledTypesAndStatusCodes() throws Exception {
        create("dup");
        ResourceInUseException inUse = assertThrows(ResourceInUseException.class, () -> create("dup"));
        assertEquals(409, inUse.statusCode());
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> eks.describeCluster(b -> b.name("nope")));
        assertEquals(404, missing.statusCode());
        assertThrows(ResourceNotFoundException.class, () -> eks.deleteCluster(b -> b.name("nope")));
        InvalidParameterException invalid = assertThrows(InvalidParameterException.class,
                () -> eks.createCluster(b -> b.name("-bad").roleArn("arn:aws:iam::000000000000:role/eks")
                        .resourcesVpcConfig(v -> v.subnetIds("s"))));
        assertEquals(400, invalid.statusCode());
        assertThrows(InvalidParameterException.class, () -> eks.listClusters(b -> b.maxResults(101)));

        // the wire form AWS-FACTS §1 describes: type in X-Amzn-ErrorType, message in the body
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/clusters/nope")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, raw.statusCode());
        assertEquals("ResourceNotFoundException", raw.headers().firstValue("X-Amzn-ErrorType").orElse(""));
        assertTrue(raw.body().contains("\"message\""), raw.body());
        assertFalse(raw.body().contains("__type"));
    }
}
