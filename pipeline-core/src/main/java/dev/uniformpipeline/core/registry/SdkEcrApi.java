package dev.uniformpipeline.core.registry;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** {@link EcrApi} over the AWS SDK v2 {@link EcrClient} (built by the aws package: region, credentials, endpoint). */
public final class SdkEcrApi implements EcrApi {
    private final EcrClient ecr;

    public SdkEcrApi(EcrClient ecr) {
        this.ecr = ecr;
    }

    @Override
    public AuthorizationToken authorizationToken(String registryId) throws RegistryException {
        try {
            var response = ecr.getAuthorizationToken(r -> r.registryIds(registryId));
            if (response.authorizationData().isEmpty()) {
                throw new RegistryException(RegistryException.Reason.ECR, "ECR returned no authorization data for"
                        + " account " + registryId);
            }
            AuthorizationData d = response.authorizationData().get(0);
            return new AuthorizationToken(d.authorizationToken(), d.expiresAt(), d.proxyEndpoint());
        } catch (SdkException e) {
            throw failed("GetAuthorizationToken", registryId, e);
        }
    }

    @Override
    public Optional<Repository> describeRepository(String registryId, String name) throws RegistryException {
        try {
            var response = ecr.describeRepositories(r -> r.registryId(registryId).repositoryNames(name));
            return response.repositories().stream().findFirst().map(SdkEcrApi::toRepository);
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failed("DescribeRepositories", name, e);
        }
    }

    @Override
    public Repository createRepository(String registryId, EcrRepositorySettings s) throws RegistryException {
        try {
            EncryptionConfiguration.Builder enc = EncryptionConfiguration.builder()
                    .encryptionType(EncryptionType.fromValue(s.encryptionType()));
            if (!s.kmsKey().isEmpty()) {
                enc.kmsKey(s.kmsKey());
            }
            var response = ecr.createRepository(CreateRepositoryRequest.builder().registryId(registryId)
                    .repositoryName(s.name())
                    .imageTagMutability(s.immutableTags() ? ImageTagMutability.IMMUTABLE : ImageTagMutability.MUTABLE)
                    .imageScanningConfiguration(ImageScanningConfiguration.builder().scanOnPush(s.scanOnPush()).build())
                    .encryptionConfiguration(enc.build())
                    .build());
            return toRepository(response.repository());
        } catch (SdkException e) {
            throw failed("CreateRepository", s.name(), e);
        }
    }

    @Override
    public void putTagMutability(String registryId, String name, boolean immutable) throws RegistryException {
        try {
            ecr.putImageTagMutability(r -> r.registryId(registryId).repositoryName(name)
                    .imageTagMutability(immutable ? ImageTagMutability.IMMUTABLE : ImageTagMutability.MUTABLE));
        } catch (SdkException e) {
            throw failed("PutImageTagMutability", name, e);
        }
    }

    @Override
    public void putScanOnPush(String registryId, String name, boolean scanOnPush) throws RegistryException {
        try {
            ecr.putImageScanningConfiguration(r -> r.registryId(registryId).repositoryName(name)
                    .imageScanningConfiguration(c -> c.scanOnPush(scanOnPush)));
        } catch (SdkException e) {
            throw failed("PutImageScanningConfiguration", name, e);
        }
    }

    @Override
    public Optional<String> lifecyclePolicy(String registryId, String name) throws RegistryException {
        try {
            return Optional.ofNullable(ecr.getLifecyclePolicy(r -> r.registryId(registryId).repositoryName(name))
                    .lifecyclePolicyText());
        } catch (LifecyclePolicyNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failed("GetLifecyclePolicy", name, e);
        }
    }

    @Override
    public void putLifecyclePolicy(String registryId, String name, String policyText) throws RegistryException {
        try {
            ecr.putLifecyclePolicy(r -> r.registryId(registryId).repositoryName(name).lifecyclePolicyText(policyText));
        } catch (SdkException e) {
            throw failed("PutLifecyclePolicy", name, e);
        }
    }

    private static Repository toRepository(software.amazon.awssdk.services.ecr.model.Repository r) {
        boolean immutable = r.imageTagMutability() == ImageTagMutability.IMMUTABLE;
        boolean scan = r.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(r.imageScanningConfiguration().scanOnPush());
        String enc = r.encryptionConfiguration() == null ? "AES256" : r.encryptionConfiguration().encryptionTypeAsString();
        String key = r.encryptionConfiguration() == null || r.encryptionConfiguration().kmsKey() == null ? ""
                : r.encryptionConfiguration().kmsKey();
        return new Repository(r.repositoryName(), r.repositoryUri(), immutable, scan, enc, key);
    }

    private static RegistryException failed(String operation, String what, SdkException e) {
        String code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ase
                && ase.awsErrorDetails() != null ? ase.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        return new RegistryException(RegistryException.Reason.ECR, "ECR " + operation + " for " + what + " failed: "
                + code + "; check the AWS credentials, region and the IAM permission ecr:" + operation, e);
    }
}
