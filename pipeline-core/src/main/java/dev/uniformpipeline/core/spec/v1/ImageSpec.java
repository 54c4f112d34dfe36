package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Where the image goes and how it is tagged. The image is always deployed by digest; tags are for humans
 * and for registries' retention rules.
 *
 * @param registry   {@code ecr} (the account/region of the first target, or {@code ecrAccount}/{@code ecrRegion}
 *                   of {@link EcrSpec}) or the {@code host[:port]} of any OCI registry
 * @param repository repository name: lower-case segments separated by '/', 2-256 chars
 * @param tags       tags to push; may use {@code ${git.sha}}, {@code ${git.shortSha}}, {@code ${git.branch}},
 *                   {@code ${git.tag}}, {@code ${env.NAME}}; default {@code ["${git.sha}"]}
 * @param insecure   allow plain HTTP / unverified TLS (OCI registries only; {@code localhost} is always allowed HTTP)
 * @param caCert     PEM file with the CA that signed the registry's TLS certificate (OCI registries only)
 * @param auth       credentials for an OCI registry; null means anonymous or the docker config
 * @param ecr        ECR repository settings; only with {@code registry: ecr}
 * @param mountFrom  other repositories of the same registry whose blobs may be mounted instead of uploaded (ECR:
 *                   only when the registry's BLOB_MOUNTING setting is ENABLED)
 */
public record ImageSpec(
        @Required String registry,
        @Required String repository,
        @Default("[\"${git.sha}\"]") List<String> tags,
        @Default("false") Boolean insecure,
        @Nullable String caCert,
        @Nullable RegistryAuth auth,
        @Nullable EcrSpec ecr,
        List<String> mountFrom) {

    /** The value of {@code registry} that selects Amazon ECR. */
    public static final String ECR = "ecr";

    public ImageSpec {
        tags = tags == null ? List.of() : List.copyOf(tags);
        mountFrom = mountFrom == null ? List.of() : List.copyOf(mountFrom);
    }

    /** True when the registry is Amazon ECR. */
    public boolean isEcr() {
        return ECR.equals(registry);
    }
}
