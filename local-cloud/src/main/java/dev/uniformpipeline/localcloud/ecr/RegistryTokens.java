package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ECR authorization tokens as local ECR issues them. The token is base64 of {@code AWS:<password>}, as in
 * AWS; the password is {@code base64url(payload).base64url(HMAC-SHA256(payload))} where the payload is
 * JSON {@code {"account","region","expiration"(epoch millis),"nonce"}}. So the registry endpoint learns
 * from the token alone which account's and region's repositories a request addresses, and a token
 * cannot be forged or extended without the instance secret (kept in the snapshot, so tokens survive a
 * restart with the same state dir).
 */
final class RegistryTokens {
    static final Duration VALIDITY = Duration.ofHours(12);
    static final String USER = "AWS";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CloudClock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] secret;
    /** Tokens of an older generation count as expired (fault hook {@link #expireIssuedSoFar()}). */
    private volatile long generation;

    RegistryTokens(CloudClock clock) {
        this.clock = clock;
        byte[] s = new byte[32];
        random.nextBytes(s);
        this.secret = s;
    }

    String secretBase64() {
        return Base64.getEncoder().encodeToString(secret);
    }

    void restoreSecret(String base64) {
        this.secret = Base64.getDecoder().decode(base64);
    }

    record Issued(String token, String password, Instant issuedAt, Instant expiresAt) {
    }

    Issued issue(String account, String region) {
        Instant issuedAt = clock.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant expiresAt = issuedAt.plus(VALIDITY);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("account", account);
        payload.put("region", region);
        payload.put("generation", generation);
        payload.put("expiration", expiresAt.toEpochMilli());
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        payload.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        String password = b64url(body) + "." + b64url(mac(body));
        String token = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Issued(token, password, issuedAt, expiresAt);
    }

    /** The outcome of checking an {@code Authorization} header. */
    sealed interface Check permits Valid, Rejected {
    }

    record Valid(String account, String region, Instant expiresAt) implements Check {
    }

    /** {@code code} is the registry error code: UNAUTHORIZED (missing/bad credentials) or DENIED (expired). */
    record Rejected(String code, String message) implements Check {
    }

    Check check(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return new Rejected("UNAUTHORIZED", "authentication required");
        }
        String h = authorizationHeader.trim();
        if (!h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Rejected("UNAUTHORIZED", "authentication required: use Basic auth with user AWS and an ECR token");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Rejected("UNAUTHORIZED", "malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !USER.equals(decoded.substring(0, colon))) {
            return new Rejected("UNAUTHORIZED", "the user name must be AWS");
        }
        return checkPassword(decoded.substring(colon + 1));
    }

    Check checkPassword(String password) {
        int dot = password.indexOf('.');
        if (dot < 0) {
            return new Rejected("UNAUTHORIZED", "invalid authorization token");
        }
        byte[] body;
        byte[] sig;
        try {
            body = Base64.getUrlDecoder().decode(password.substring(0, dot));
            sig = Base64.getUrlDecoder().decode(password.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Rejected("UNAUTHORIZED", "invalid authorization token");
        }
        if (!MessageDigest.isEqual(sig, mac(body))) {
            return new Rejected("UNAUTHORIZED", "invalid authorization token");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return new Rejected("UNAUTHORIZED", "invalid authorization token");
        }
        Instant expiresAt = Instant.ofEpochMilli(payload.path("expiration").asLong());
        if (!clock.now().isBefore(expiresAt) || payload.path("generation").asLong() < generation) {
            return new Rejected("DENIED", "Your authorization token has expired. Reauthenticate and try again.");
        }
        return new Valid(payload.path("account").asText(), payload.path("region").asText(), expiresAt);
    }

    synchronized void expireIssuedSoFar() {
        generation++;
    }

    long generation() {
        return generation;
    }

    void restoreGeneration(long g) {
        generation = g;
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
