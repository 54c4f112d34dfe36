package dev.uniformpipeline.core.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures AWS SDK clients from a run's environment map (not the process environment), so an environment handed
 * to {@code UniformPipeline.builder().environment(..)} (e.g. the CLI's {@code --local}) reaches every client:
 * endpoint from {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL}, static keys when both
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} are set, else {@code AWS_PROFILE}, else the SDK's
 * default chain, with profiles read from the run's {@code AWS_CONFIG_FILE}/{@code AWS_SHARED_CREDENTIALS_FILE}
 * ({@link AwsCredentialChain#base(String)}).
 */
public final class AwsClients {
    private AwsClients() {
    }

    /**
     * Builds a client.
     *
     * @param builder   e.g. {@code EcsClient.builder()}
     * @param serviceId the service's endpoint variable suffix, e.g. {@code ECS}, {@code ELASTIC_LOAD_BALANCING_V2}
     * @param region    the region to sign for
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String serviceId,
                                                                                         String region, Map<String, String> env) {
        builder.region(Region.of(region)).httpClient(UrlConnectionHttpClient.create());
        endpoint(serviceId, env).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        builder.credentialsProvider(new AwsCredentialChain(env, line -> { }).baseOrDeferredError());
        return builder.build();
    }

    /**
     * Builds a client that signs with {@code credentials} (e.g. a profile or an assumed role from
     * {@link AwsCredentialChain}) instead of the environment's static keys; endpoint and region as
     * {@link #build(AwsClientBuilder, String, String, Map)}.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String serviceId,
                                                                                         String region, Map<String, String> env,
                                                                                         AwsCredentialsProvider credentials) {
        builder.region(Region.of(region)).httpClient(UrlConnectionHttpClient.create());
        endpoint(serviceId, env).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        builder.credentialsProvider(credentials);
        return builder.build();
    }

    /** The endpoint override for a service: {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}. */
    public static Optional<String> endpoint(String serviceId, Map<String, String> env) {
        String e = env.get("AWS_ENDPOINT_URL_" + serviceId);
        if (e == null || e.isBlank()) {
            e = env.get("AWS_ENDPOINT_URL");
        }
        return e == null || e.isBlank() ? Optional.empty() : Optional.of(e);
    }

    /**
     * Static keys from the environment map ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, optional
     * {@code AWS_SESSION_TOKEN}). Without both keys: empty, and the SDK's default chain applies.
     */
    public static Optional<AwsCredentialsProvider> credentialsFrom(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return Optional.of(StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token)));
    }
}
