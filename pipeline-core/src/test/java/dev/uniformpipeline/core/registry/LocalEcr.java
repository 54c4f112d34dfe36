package dev.uniformpipeline.core.registry;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.ecr.EcrService;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Test helper: local-cloud with its ECR service (API and registry on one 127.0.0.1 port) and an SDK EcrClient for
 * it with static local keys. Sessions are for {@link #HOST}, the default account's registry in us-east-1.
 */
final class LocalEcr implements AutoCloseable {
    static final EcrRegistry.EcrHost HOST = new EcrRegistry.EcrHost("000000000000", "us-east-1",
            "000000000000.dkr.ecr.us-east-1.amazonaws.com");

    final LocalCloud cloud;
    final EcrClient client;

    private LocalEcr(LocalCloud cloud, EcrClient client) {
        this.cloud = cloud;
        this.client = client;
    }

    static LocalEcr start() {
        // ECR is not in local-cloud's default catalog: add it explicitly
        LocalCloud cloud = LocalCloud.builder().withService(EcrService::create).start();
        try {
            return new LocalEcr(cloud, EcrClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDLOCAL", "secret")))
                    .httpClient(UrlConnectionHttpClient.create()).build());
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
    }

    /** local-cloud's ECR service, for its fault injection and traffic counters. */
    EcrService service() {
        return cloud.service(EcrService.class);
    }

    /** The pipeline's ECR logic, talking to this ECR through the SDK client. */
    EcrRegistry registry(Consumer<String> events) {
        return new EcrRegistry(region -> new SdkEcrApi(client), events);
    }

    /** A session (fresh token) for {@link #HOST}. */
    EcrRegistry.Session session(Consumer<String> events) throws RegistryException {
        return registry(events).session(HOST);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            cloud.close();
        }
    }
}
