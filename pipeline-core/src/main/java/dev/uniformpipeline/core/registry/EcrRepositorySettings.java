package dev.uniformpipeline.core.registry;

import java.util.Objects;

/**
 * How an ECR repository should look ({@code image.ecr} in the pipeline file).
 *
 * @param name           repository name
 * @param scanOnPush     basic scan on push
 * @param immutableTags  tag mutability IMMUTABLE
 * @param encryptionType AES256 (default) or KMS; only applied at creation (ECR cannot change it later)
 * @param kmsKey         KMS key ARN/id for KMS, else empty
 * @param lifecycle      the lifecycle policy, or null to leave the repository's policy alone
 */
public record EcrRepositorySettings(String name, boolean scanOnPush, boolean immutableTags, String encryptionType,
                                    String kmsKey, LifecyclePolicy lifecycle) {
    public EcrRepositorySettings {
        Objects.requireNonNull(name, "name");
        if (name.length() < 2 || name.length() > 256
                || !name.matches("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("image.repository '" + name + "' is not a valid ECR repository name"
                    + " (2-256 chars, lowercase segments separated by '/', with '.', '_' or '-' inside a segment)");
        }
        encryptionType = encryptionType == null || encryptionType.isBlank() ? "AES256" : encryptionType.strip();
        if (!encryptionType.equals("AES256") && !encryptionType.equals("KMS")) {
            throw new IllegalArgumentException("image.ecr.encryption must be AES256 or KMS, was " + encryptionType);
        }
        kmsKey = kmsKey == null ? "" : kmsKey.strip();
        if (!kmsKey.isEmpty() && !encryptionType.equals("KMS")) {
            throw new IllegalArgumentException("image.ecr.kmsKey is set but encryption is " + encryptionType
                    + "; set encryption: KMS or drop kmsKey");
        }
    }
}
