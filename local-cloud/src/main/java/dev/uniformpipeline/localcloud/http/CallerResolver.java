package dev.uniformpipeline.localcloud.http;

import java.util.Optional;

/** Maps access keys issued by local-cloud (STS AssumeRole) to their identity. Implemented by STS. */
public interface CallerResolver {
    /** Empty for keys this resolver did not issue. */
    Optional<Caller> resolve(String accessKeyId);
}
