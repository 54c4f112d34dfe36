package dev.uniformpipeline.localcloud.eks;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/** A local-cloud with one ACTIVE EKS cluster, ECR images of each simulated behaviour and a client for the cluster. */
final class EksFixture implements AutoCloseable {
    final LocalCloud cloud;
    final EksClient eks;
    final EcrClient ecr;
    final String repositoryUri;
    final Cluster cluster;
    final KubernetesClient kube;

    EksFixture(double clockFactor, String clusterName) throws Exception {
        cloud = LocalCloud.builder().clockFactor(clockFactor).start();
        eks = Sdk.client(EksClient.builder(), cloud.endpoint());
        ecr = Sdk.client(EcrClient.builder(), cloud.endpoint());
        repositoryUri = ecr.createRepository(b -> b.repositoryName("web")).repository().repositoryUri();
        eks.createCluster(b -> b.name(clusterName).roleArn("arn:aws:iam::000000000000:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds("subnet-1", "subnet-2")));
        cloud.clock().advance(EksService.DEFAULT_CREATION_TIME);
        cluster = eks.describeCluster(b -> b.name(clusterName)).cluster();
        kube = client(cluster, EksToken.forCluster(clusterName, Sdk.STATIC, "us-east-1"));
    }

    /** A fabric8 client configured only from DescribeCluster (endpoint + CA) and an EKS bearer token. */
    static KubernetesClient client(Cluster cluster, String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.endpoint())
                .withCaCertData(cluster.certificateAuthority().data()).withOauthToken(token)
                .withNamespace("default").withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Pushes {@code web:<tag>} whose image label tells the simulated runtime how to behave; returns its URI. */
    String push(String tag, String behavior) {
        byte[] layer = ("layer " + tag).getBytes(StandardCharsets.UTF_8);
        String layerDigest = blob(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{"
                + "\"uniform.sim.behavior\":\"" + behavior + "\",\"uniform.sim.after\":\"5s\"},"
                + "\"ExposedPorts\":{\"8080/tcp\":{}}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layerDigest + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length + ",\"digest\":\""
                + layerDigest + "\"}]}";
        ecr.putImage(b -> b.repositoryName("web").imageTag(tag).imageManifest(manifest));
        return repositoryUri + ":" + tag;
    }

    private String blob(byte[] blob) {
        String id = ecr.initiateLayerUpload(b -> b.repositoryName("web")).uploadId();
        ecr.uploadLayerPart(b -> b.repositoryName("web").uploadId(id).partFirstByte(0L)
                .partLastByte((long) blob.length - 1).layerPartBlob(SdkBytes.fromByteArray(blob)));
        String digest;
        try {
            digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ecr.completeLayerUpload(b -> b.repositoryName("web").uploadId(id).layerDigests(digest));
        return digest;
    }

    static Duration wall(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }

    @Override
    public void close() {
        kube.close();
        eks.close();
        ecr.close();
        cloud.close();
    }
}
