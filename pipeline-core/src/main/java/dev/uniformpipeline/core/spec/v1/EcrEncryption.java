package dev.uniformpipeline.core.spec.v1;

/** ECR repository encryption: AWS-managed AES256 or a KMS key ({@code kmsKey}). */
public enum EcrEncryption implements YamlEnum {
    AES256("AES256"),
    KMS("KMS");

    private final String yaml;

    EcrEncryption(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
