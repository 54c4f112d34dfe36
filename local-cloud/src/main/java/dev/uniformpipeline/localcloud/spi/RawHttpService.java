package dev.uniformpipeline.localcloud.spi;

import com.sun.net.httpserver.HttpHandler;

/**
 * A non-AWS-protocol endpoint served on local-cloud's port under a path prefix, such as the OCI
 * distribution API ({@code /v2/}) of local ECR. The handler owns the whole exchange.
 */
public interface RawHttpService {
    /** e.g. {@code /v2/}. */
    String pathPrefix();

    HttpHandler handler();
}
