package dev.uniformpipeline.core.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * The few ECR API calls the pipeline needs, for one region. {@link SdkEcrApi} implements it with the AWS SDK v2
 * {@code EcrClient}; tests use a fake. Implementations throw {@link RegistryException} with reason ECR.
 */
public interface EcrApi {
    /** GetAuthorizationToken for {@code registryId} (the account). */
    AuthorizationToken authorizationToken(String registryId) throws RegistryException;

    /** DescribeRepositories for one name; empty on RepositoryNotFoundException. */
    Optional<Repository> describeRepository(String registryId, String name) throws RegistryException;

    /** CreateRepository. */
    Repository createRepository(String registryId, EcrRepositorySettings settings) throws RegistryException;

    /** PutImageTagMutability. */
    void putTagMutability(String registryId, String name, boolean immutable) throws RegistryException;

    /** PutImageScanningConfiguration. */
    void putScanOnPush(String registryId, String name, boolean scanOnPush) throws RegistryException;

    /** GetLifecyclePolicy; empty on LifecyclePolicyNotFoundException. */
    Optional<String> lifecyclePolicy(String registryId, String name) throws RegistryException;

    /** PutLifecyclePolicy. */
    void putLifecyclePolicy(String registryId, String name, String policyText) throws RegistryException;

    /** An authorization token as ECR returns it: base64 of {@code AWS:<password>}. toString hides it. */
    record AuthorizationToken(String token, Instant expiresAt, String proxyEndpoint) {
        @Override
        public String toString() {
            return "AuthorizationToken[token=***, expiresAt=" + expiresAt + ", proxyEndpoint=" + proxyEndpoint + "]";
        }
    }

    /** What the pipeline reads of a repository. */
    record Repository(String name, String uri, boolean immutableTags, boolean scanOnPush, String encryptionType,
                      String kmsKey) { }
}
