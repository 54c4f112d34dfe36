package dev.uniformpipeline.localcloud.spi;

/**
 * Who is calling and where: the region comes from the SigV4 credential scope, the account from the
 * access key (STS maps assumed-role keys to their account), the request id is echoed to the client.
 */
public record RequestContext(String region, String accountId, String accessKeyId, String requestId) {
}
