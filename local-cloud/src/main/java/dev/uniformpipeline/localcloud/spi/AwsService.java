package dev.uniformpipeline.localcloud.spi;

/** An AWS service served by local-cloud. */
public interface AwsService {
    /** The SigV4 signing name (credential scope service), e.g. {@code ecs}, {@code ecr}, {@code elasticloadbalancing}. */
    String signingName();
}
