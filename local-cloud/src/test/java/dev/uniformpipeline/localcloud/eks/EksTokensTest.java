package dev.uniformpipeline.localcloud.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.Sdk;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EksTokensTest {
    private static String token(String url) {
        return EksTokens.PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }

    private static final String GOOD = "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity"
            + "&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261127%2Fus-east-1"
            + "%2Fsts%2Faws4_request&X-Amz-Date=20261127T094000Z&X-Amz-Expires=60"
            + "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=" + "ab".repeat(32);

    @Test
    void tokenMadeLikeAwsEksGetTokenWithTheRealSdkSignerIsAccepted() {
        assertEquals(Optional.empty(), EksTokens.problem(EksToken.forCluster("prod", Sdk.STATIC, "eu-west-1")));
        assertEquals(Optional.empty(), EksTokens.problem(token(GOOD)));
    }

    @Test
    void malformedTokensAreRejectedWithTheReason() {
        assertReject("does not start with k8s-aws-v1.", "Bearer-ish");
        assertReject("not base64url", EksTokens.PREFIX + "***");
        assertReject("must be https", token(GOOD.replace("https:", "http:")));
        assertReject("not an STS endpoint", token(GOOD.replace("sts.us-east-1.amazonaws.com", "evil.example.com")));
        assertReject("path must be /", token(GOOD.replace(".com/?", ".com/x?")));
        assertReject("Action=GetCallerIdentity", token(GOOD.replace("GetCallerIdentity", "AssumeRole")));
        assertReject("X-Amz-Expires must be 0..900", token(GOOD.replace("X-Amz-Expires=60", "X-Amz-Expires=901")));
        assertReject("x-k8s-aws-id is not in X-Amz-SignedHeaders", token(GOOD.replace("%3Bx-k8s-aws-id", "")));
        assertReject("not allowed: foo", token(GOOD + "&foo=bar"));
        assertReject("repeats query parameter action", token(GOOD + "&action=GetCallerIdentity"));
        assertReject("lacks x-amz-signature", token(GOOD.replaceAll("&X-Amz-Signature=[a-f0-9]+", "")));
        assertReject("longer than 4096", EksTokens.PREFIX + "a".repeat(4100));
    }

    private static void assertReject(String expected, String token) {
        Optional<String> problem = EksTokens.problem(token);
        assertTrue(problem.isPresent() && problem.get().contains(expected), expected + " <- " + problem);
    }
}
