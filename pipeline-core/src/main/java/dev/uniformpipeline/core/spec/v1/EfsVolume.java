package dev.uniformpipeline.core.spec.v1;

/**
 * An Amazon EFS volume. An access point or {@code iam: true} needs {@code transitEncryption: true}; with an
 * access point the root directory must be omitted or {@code /}. Fargate needs platform 1.4.0 or later.
 *
 * @param fileSystemId          {@code fs-} followed by hex digits
 * @param rootDirectory         directory of the file system to mount; default its root
 * @param transitEncryption     encrypt in transit (TLS)
 * @param transitEncryptionPort port for the TLS tunnel; null lets the mount helper choose
 * @param accessPointId         {@code fsap-} followed by hex digits
 * @param iam                   authorize with the task role
 */
public record EfsVolume(
        @Required String fileSystemId,
        @Nullable String rootDirectory,
        @Default("false") Boolean transitEncryption,
        @Nullable Integer transitEncryptionPort,
        @Nullable String accessPointId,
        @Default("false") Boolean iam) {
}
