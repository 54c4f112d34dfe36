package dev.uniformpipeline.localcloud.spi;

import com.fasterxml.jackson.databind.JsonNode;

/** A service speaking awsJson1.0/1.1: {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>}. */
public interface JsonProtocolService extends AwsService {
    /** e.g. {@code AmazonEC2ContainerServiceV20141113}. */
    String targetPrefix();

    /** {@code 1.1} or {@code 1.0}: the content type answered is {@code application/x-amz-json-<version>}. */
    default String jsonVersion() { return "1.1"; }

    /** Handles one operation; returns the response body (an empty object for void outputs). */
    JsonNode call(String operation, JsonNode input, RequestContext ctx) throws AwsException;
}
