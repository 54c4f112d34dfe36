/**
 * Pushing images to any OCI registry and to Amazon ECR.
 *
 * <p>{@link dev.uniformpipeline.core.registry.ImagePusher} pushes a
 * {@link dev.uniformpipeline.core.build.PreparedImage} (jib-core) to a
 * {@link dev.uniformpipeline.core.registry.RegistryEndpoint} (HTTPS with the JDK trust store, HTTPS with an extra CA,
 * or plain HTTP when explicitly marked insecure) and returns a
 * {@link dev.uniformpipeline.core.registry.PushedImage} with the digest. Reruns are idempotent: tags that already
 * point at the same digest are left alone; an immutable tag pointing at another digest is a clear error.
 *
 * <p>Multi-platform builds ({@link dev.uniformpipeline.core.build.PlatformImages}) are pushed as an OCI image index:
 * each platform's image by digest, then the index (digest computed locally, deterministic) under the tags. Blobs
 * another repository of the same registry holds are mounted instead of uploaded
 * ({@link dev.uniformpipeline.core.registry.PushRequest#mountFrom()}). Transient failures (5xx, 429, connection
 * resets) are retried with backoff and jitter ({@link dev.uniformpipeline.core.registry.PushRetry}); 4xx never are.
 *
 * <p>Credentials come from a {@link dev.uniformpipeline.core.registry.CredentialSource}: explicit, environment,
 * Docker {@code config.json} ({@code auths}, {@code credHelpers}, {@code credsStore}) or, for ECR, a fresh
 * authorization token per push ({@link dev.uniformpipeline.core.registry.EcrRegistry}). Secrets never appear in
 * messages, events or {@code toString()}.
 */
package dev.uniformpipeline.core.registry;
