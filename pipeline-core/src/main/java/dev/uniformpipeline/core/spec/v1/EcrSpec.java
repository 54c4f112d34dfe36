package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Amazon ECR repository settings, applied when the pipeline creates or updates the repository.
 *
 * @param account       account that owns the repository; default: the role's account, else the first target's
 *                      account, else the caller's account (STS GetCallerIdentity)
 * @param region        region of the repository; default: the first target's region
 * @param create        create the repository when it does not exist
 * @param scanOnPush    basic scan on push
 * @param tagMutability {@code MUTABLE} or {@code IMMUTABLE}; with IMMUTABLE, pushing an existing tag fails,
 *                      so tags should be unique per build (e.g. {@code ${git.sha}})
 * @param encryption    {@code AES256} (default) or {@code KMS}
 * @param kmsKey        KMS key ARN or alias, only (and optionally) with {@code KMS}
 * @param lifecycle     lifecycle rules, turned into the repository's lifecycle policy in the order written
 * @param profile       named AWS profile (shared config/credentials files) whose credentials push; default
 *                      {@code AWS_PROFILE} or the environment's keys
 * @param roleArn       IAM role to assume for the push (cross-account ECR); its account is the registry's account
 *                      unless {@code account} is set
 * @param externalId    external id the role's trust policy requires; only with {@code roleArn}
 * @param roleSessionName session name of the assumed role (shows in CloudTrail); only with {@code roleArn};
 *                      default {@code uniform-pipeline}
 */
public record EcrSpec(
        @Nullable String account,
        @Nullable String region,
        @Default("true") Boolean create,
        @Default("true") Boolean scanOnPush,
        @Default("IMMUTABLE") TagMutability tagMutability,
        @Default("AES256") EcrEncryption encryption,
        @Nullable String kmsKey,
        List<LifecycleRule> lifecycle,
        @Nullable String profile,
        @Nullable String roleArn,
        @Nullable String externalId,
        @Nullable String roleSessionName) {
    /** The settings of a pipeline with {@code registry: ecr} and no {@code image.ecr} section (the defaults above). */
    public static final EcrSpec DEFAULTS = new EcrSpec(null, null, true, true, TagMutability.IMMUTABLE,
            EcrEncryption.AES256, null, List.of(), null, null, null, null);

    public EcrSpec {
        lifecycle = lifecycle == null ? List.of() : List.copyOf(lifecycle);
    }
}
