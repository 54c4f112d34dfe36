/**
 * Local Amazon ECR: {@link dev.uniformpipeline.localcloud.ecr.EcrService} serves the ECR API
 * (awsJson1.1, {@code AmazonEC2ContainerRegistry_V20150921}, signing name {@code ecr}), an OCI
 * distribution (registry v2) endpoint under {@code /v2/} on local-cloud's port, lifecycle policies that
 * really expire images on the cloud clock, and the {@code ImageResolver} ECS tasks use.
 *
 * <h2>Repository URIs and tokens</h2>
 * Real ECR names repositories {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}: the host carries
 * account and region. Locally there is one registry, local-cloud's {@code 127.0.0.1:<port>}, so:
 * <ul>
 *   <li>{@code repositoryUri} is {@code 127.0.0.1:<port>/<name>} (the repository name unchanged), which
 *       Jib, podman and skopeo push to and pull from as an insecure (plain HTTP) registry;</li>
 *   <li>GetAuthorizationToken's {@code proxyEndpoint} is {@code http://127.0.0.1:<port>};</li>
 *   <li>the account and region live in the token. The token is base64 of {@code AWS:<password>} as in
 *       AWS; the password is an HMAC-signed payload {@code {account, region, expiration}} issued for the
 *       caller's account and the region of the request's SigV4 scope. The registry endpoint reads account
 *       and region from the Basic-auth password, so {@code /v2/orders/...} with a token of account A in
 *       eu-west-1 addresses A's repository {@code orders} in eu-west-1. Tokens expire 12 h after issue on
 *       the cloud clock and are then refused (HTTP 401, code DENIED).</li>
 * </ul>
 * Without a configured authority (a service used on its own), URIs fall back to the real host form.
 * {@code ImageResolver} accepts both forms: the real host form names account and region; the
 * {@code host:port} form looks in the default account and region first, then in the only
 * account/region that has a repository of that name (ambiguous names resolve to nothing); the host must be
 * local-cloud's authority or a loopback host ({@code 127.0.0.1}, {@code localhost}), any other registry's
 * image resolves to nothing (ECS then stops the task with CannotPullContainerError).
 *
 * <h2>Pulling</h2>
 * The registry endpoint requires the token for pulls too, as ECR does: a runtime that pulls
 * {@code ResolvedImage.pullReference()} (podman) needs {@code --creds AWS:<password>}, from
 * GetAuthorizationToken or {@link dev.uniformpipeline.localcloud.ecr.EcrService#registryCredentials}.
 *
 * <h2>Cross-repository blob mounts</h2>
 * As in ECR, mounts need the registry-level account setting {@code BLOB_MOUNTING=ENABLED} (PutAccountSetting;
 * default DISABLED), a source repository in the same account and region with the same encryption type and key, and
 * a manifest there that references the blob; otherwise the mount request opens an ordinary upload (202).
 *
 * <h2>Storage</h2>
 * Layers, configs and manifests are content-addressed files {@code <state-dir>/ecr-blobs/sha256/<hex>}
 * (a temporary directory when no state dir is configured); repository metadata is the
 * {@code StatefulService} snapshot. Manifests are stored and served as the exact bytes pushed; the
 * digest is SHA-256 over those bytes.
 */
package dev.uniformpipeline.localcloud.ecr;
