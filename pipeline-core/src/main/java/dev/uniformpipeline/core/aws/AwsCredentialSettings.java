package dev.uniformpipeline.core.aws;

/**
 * Which AWS credentials a run uses, beyond its environment: a named profile of the shared config files, and a role
 * to assume with those credentials (cross-account ECR). Every field is optional; {@link #NONE} means "the run's
 * environment, else the default chain".
 *
 * @param profile         named profile of {@code ~/.aws/config} / {@code ~/.aws/credentials} (or the files named by
 *                        {@code AWS_CONFIG_FILE} / {@code AWS_SHARED_CREDENTIALS_FILE}); null: {@code AWS_PROFILE}
 * @param roleArn         role to assume with the base credentials; null: none
 * @param externalId      external id the role's trust policy asks for; only with {@code roleArn}
 * @param roleSessionName session name of the assumed role; null: {@value AwsCredentialChain#DEFAULT_SESSION_NAME}
 */
public record AwsCredentialSettings(String profile, String roleArn, String externalId, String roleSessionName) {
    /** Nothing beyond the run's environment. */
    public static final AwsCredentialSettings NONE = new AwsCredentialSettings(null, null, null, null);

    public AwsCredentialSettings {
        profile = blankToNull(profile);
        roleArn = blankToNull(roleArn);
        externalId = blankToNull(externalId);
        roleSessionName = blankToNull(roleSessionName);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Builder of {@link AwsCredentialSettings}. */
    public static final class Builder {
        private String profile;
        private String roleArn;
        private String externalId;
        private String roleSessionName;

        private Builder() {
        }

        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        public Builder roleSessionName(String roleSessionName) {
            this.roleSessionName = roleSessionName;
            return this;
        }

        public AwsCredentialSettings build() {
            return new AwsCredentialSettings(profile, roleArn, externalId, roleSessionName);
        }
    }
}
