package dev.uniformpipeline.localcloud.http;

import java.util.Map;
import java.util.Optional;

/**
 * The credential scope of a SigV4-signed request, from the {@code Authorization} header or, for presigned
 * URLs, the {@code X-Amz-Credential} query parameter. The signature itself is not verified.
 */
public record SigV4Credential(String accessKeyId, String date, String region, String service) {

    /** {@code AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=.., Signature=..}. */
    public static Optional<SigV4Credential> fromAuthorization(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int i = header.indexOf("Credential=");
        if (i < 0) {
            return Optional.empty();
        }
        int end = header.indexOf(',', i);
        String value = header.substring(i + "Credential=".length(), end < 0 ? header.length() : end).trim();
        return fromScope(value);
    }

    public static Optional<SigV4Credential> fromQuery(Map<String, String> params) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase("X-Amz-Credential")) {
                return fromScope(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@code AKID/date/region/service/aws4_request}. */
    static Optional<SigV4Credential> fromScope(String scope) {
        String[] parts = scope.split("/");
        if (parts.length < 5 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SigV4Credential(parts[0], parts[1], parts[2], parts[3]));
    }
}
