package dev.uniformpipeline.localcloud.http;

import java.time.Instant;

/**
 * The identity behind an access key: the account every request with that key acts in, its ARN and user id as
 * GetCallerIdentity reports them, and (for temporary credentials) when the key expires.
 */
public record Caller(String accountId, String arn, String userId, Instant expiration) {
    /** A static key: acts as the account's root user. */
    public static Caller root(String accountId) {
        return new Caller(accountId, "arn:aws:iam::" + accountId + ":root", accountId, null);
    }
}
