package dev.uniformpipeline.localcloud;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Points real AWS SDK v2 clients at a local-cloud. */
public final class Sdk {
    public static final AwsCredentials STATIC = AwsBasicCredentials.create("AKIDLOCALTEST", "secret");

    private Sdk() {
    }

    public static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return client(builder, endpoint, StaticCredentialsProvider.create(STATIC), Region.US_EAST_1);
    }

    public static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint,
            AwsCredentialsProvider credentials, Region region) {
        builder.endpointOverride(endpoint).credentialsProvider(credentials).region(region);
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD).build());
        return builder.build();
    }
}
