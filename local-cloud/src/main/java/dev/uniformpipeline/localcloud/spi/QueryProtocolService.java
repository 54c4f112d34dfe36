package dev.uniformpipeline.localcloud.spi;

import java.util.Map;

/**
 * A service speaking the awsQuery protocol: form-encoded {@code Action=..&Version=..} in, XML out.
 * Lists arrive flattened as {@code Name.member.N}; the service reads the flat map.
 */
public interface QueryProtocolService extends AwsService {
    /** API version, e.g. {@code 2015-12-01}. */
    String apiVersion();

    /** XML namespace of responses, e.g. {@code http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/}. */
    String xmlNamespace();

    /**
     * Handles one action; returns the inner XML of {@code <ActionResult>} (already escaped). The front
     * door wraps it in {@code <ActionResponse xmlns=..><ActionResult>..</ActionResult><ResponseMetadata>..}.
     */
    String call(String action, Map<String, String> params, RequestContext ctx) throws AwsException;
}
