package dev.uniformpipeline.core.spec.v1;

/**
 * Splunk HTTP Event Collector settings for {@code driver: splunk}. The HEC token is a secret reference
 * (sent as {@code secretOptions splunk-token}); a plain token is refused.
 *
 * @param url        HEC URL, e.g. {@code https://splunk.example.com:8088}
 * @param token      Secrets Manager or SSM ARN holding the HEC token
 * @param index      Splunk index
 * @param source     event source
 * @param sourcetype event source type
 * @param format     {@code inline} (default), {@code json} or {@code raw}
 */
public record SplunkSpec(
        @Required String url,
        @Required SecretRef token,
        @Nullable String index,
        @Nullable String source,
        @Nullable String sourcetype,
        @Nullable String format) {
}
