package dev.uniformpipeline.localcloud.eks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the shape of an EKS bearer token ({@code k8s-aws-v1.} + base64url of a presigned STS GetCallerIdentity
 * URL) the way aws-iam-authenticator's verifier does before it calls STS. The signature, the 15-minute
 * validity and the {@code x-k8s-aws-id} value (the cluster name, which only the signature carries) are not
 * verified: see {@code package-info.java}.
 */
final class EksTokens {
    static final String PREFIX = "k8s-aws-v1.";
    static final int MAX_LENGTH = 4096;
    private static final Set<String> ALLOWED = Set.of("action", "version", "x-amz-algorithm", "x-amz-credential",
            "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders");

    private EksTokens() {
    }

    /** Empty when the token has the right shape; otherwise why it was rejected. */
    static Optional<String> problem(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of("no bearer token");
        }
        if (token.length() > MAX_LENGTH) {
            return Optional.of("token is longer than " + MAX_LENGTH + " bytes");
        }
        if (!token.startsWith(PREFIX)) {
            return Optional.of("token does not start with " + PREFIX);
        }
        String url;
        try {
            url = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.of("token after " + PREFIX + " is not base64url: " + e.getMessage());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("token does not hold a URL: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("presigned URL must be https, got " + uri.getScheme());
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.startsWith("sts.") || !(host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"))) {
            return Optional.of("presigned URL host " + host + " is not an STS endpoint");
        }
        if (!"/".equals(uri.getRawPath())) {
            return Optional.of("presigned URL path must be /, got " + uri.getRawPath());
        }
        Map<String, String> params = new HashMap<>();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!ALLOWED.contains(name)) {
                return Optional.of("presigned URL has a query parameter that is not allowed: " + name);
            }
            if (params.put(name, value) != null) {
                return Optional.of("presigned URL repeats query parameter " + name);
            }
        }
        if (!"GetCallerIdentity".equals(params.get("action"))) {
            return Optional.of("presigned URL must have Action=GetCallerIdentity");
        }
        for (String required : new String[] {"x-amz-algorithm", "x-amz-credential", "x-amz-date",
                "x-amz-signature", "x-amz-signedheaders"}) {
            if (params.get(required) == null || params.get(required).isEmpty()) {
                return Optional.of("presigned URL lacks " + required);
            }
        }
        String expires = params.get("x-amz-expires");
        if (expires != null) {
            try {
                long e = Long.parseLong(expires);
                if (e < 0 || e > 900) {
                    return Optional.of("X-Amz-Expires must be 0..900, got " + e);
                }
            } catch (NumberFormatException ex) {
                return Optional.of("X-Amz-Expires is not a number: " + expires);
            }
        }
        boolean signsClusterId = false;
        for (String h : params.get("x-amz-signedheaders").split(";")) {
            signsClusterId |= h.equalsIgnoreCase("x-k8s-aws-id");
        }
        if (!signsClusterId) {
            return Optional.of("x-k8s-aws-id is not in X-Amz-SignedHeaders (the token is not bound to a cluster)");
        }
        return Optional.empty();
    }
}
