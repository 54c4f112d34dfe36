package dev.uniformpipeline.core.spec.v1;

import java.util.regex.Pattern;

/**
 * A reference to a secret value that the platform injects at container start: an AWS Secrets Manager ARN
 * ({@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf}, optionally followed by
 * {@code :<json-key>:<version-stage>:<version-id>}) or an SSM Parameter Store ARN
 * ({@code arn:aws:ssm:<region>:<account>:parameter/<name>}). Written in the file as the ARN string. The
 * secret value itself never appears in the pipeline file.
 *
 * @param valueFrom the ARN as written (after variable substitution)
 */
public record SecretRef(String valueFrom) {
    static final Pattern SECRETS_MANAGER = Pattern.compile(
            "arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?");
    static final Pattern SSM = Pattern.compile(
            "arn:aws(-[a-z]+)*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9/_.-]+");

    /** Which AWS store holds the secret. */
    public enum Store {
        SECRETS_MANAGER, SSM, UNKNOWN
    }

    public SecretRef {
        if (valueFrom == null || valueFrom.isBlank()) {
            throw new IllegalArgumentException("a secret reference is an ARN, not empty");
        }
    }

    /** The store, judged from the ARN; {@link Store#UNKNOWN} if it is neither form (validation reports it). */
    public Store store() {
        if (SECRETS_MANAGER.matcher(valueFrom).matches()) {
            return Store.SECRETS_MANAGER;
        }
        if (SSM.matcher(valueFrom).matches()) {
            return Store.SSM;
        }
        return Store.UNKNOWN;
    }

    /** True for a Secrets Manager ARN that selects a JSON key, stage or version (needs newer platforms). */
    public boolean selectsJsonKeyOrVersion() {
        return store() == Store.SECRETS_MANAGER && valueFrom.split(":", -1).length > 7;
    }

    @Override
    public String toString() {
        return valueFrom;
    }
}
