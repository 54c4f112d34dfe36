package dev.uniformpipeline.core.spec.v1;

/**
 * A volume mounted into the application container. Exactly one of {@code efs}, {@code emptyDir} and
 * {@code host} is set. S3 buckets cannot be mounted (neither ECS nor EKS offers that) and are refused.
 *
 * @param name      volume name, unique in the service
 * @param mountPath absolute path in the container
 * @param readOnly  mount read-only
 * @param efs       an Amazon EFS file system
 * @param emptyDir  scratch space that lives as long as the task/pod (ECS ephemeral volume, Kubernetes emptyDir)
 * @param host      a host path (ecs-ec2 and eks only)
 */
public record VolumeSpec(
        @Required String name,
        @Required String mountPath,
        @Default("false") Boolean readOnly,
        @Nullable EfsVolume efs,
        @Nullable EmptyDirVolume emptyDir,
        @Nullable HostVolume host) {

    /** Which kind of volume this is. */
    public enum Type {
        EFS, EMPTY_DIR, HOST
    }

    /** The kind of volume (validated to be exactly one). */
    public Type type() {
        if (efs != null) {
            return Type.EFS;
        }
        return host != null ? Type.HOST : Type.EMPTY_DIR;
    }
}
