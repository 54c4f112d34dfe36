package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Amazon ECR repository settings, applied when the pipeline creates or updates the repository.
 *
 * @param account       account that owns the repository; default: the first target's account
 * @param region        region of the repository; default: the first target's region
 * @param create        create the repository when it does not exist
 * @param scanOnPush    basic scan on push
 * @param tagMutability {@code MUTABLE} or {@code IMMUTABLE}; with IMMUTABLE, pushing an existing tag fails,
 *                      so tags should be unique per build (e.g. {@code ${git.sha}})
 * @param encryption    {@code AES256} (default) or {@code KMS}
 * @param kmsKey        KMS key ARN or alias, only (and optionally) with {@code KMS}
 * @param lifecycle     lifecycle rules, turned into the repository's lifecycle policy in the order written
 */
public record EcrSpec(
        @Nullable String account,
        @Nullable String region,
        @Default("true") Boolean create,
        @Default("true") Boolean scanOnPush,
        @Default("IMMUTABLE") TagMutability tagMutability,
        @Default("AES256") EcrEncryption encryption,
        @Nullable String kmsKey,
        List<LifecycleRule> lifecycle) {
    public EcrSpec {
        lifecycle = lifecycle == null ? List.of() : List.copyOf(lifecycle);
    }
}
