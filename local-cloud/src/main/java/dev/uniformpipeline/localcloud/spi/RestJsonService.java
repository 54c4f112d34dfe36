package dev.uniformpipeline.localcloud.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A service speaking restJson1 (EKS): the method and the URI select the operation. */
public interface RestJsonService extends AwsService {
    /** Path prefixes this service owns, e.g. {@code /clusters}. */
    List<String> pathPrefixes();

    Response call(String method, String path, Map<String, List<String>> query, JsonNode body, RequestContext ctx)
            throws AwsException;

    record Response(int status, JsonNode body) {
    }
}
