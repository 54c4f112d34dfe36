package dev.uniformpipeline.localcloud.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryTokensTest {
    private final TestClock clock = new TestClock(1);
    private final RegistryTokens tokens = new RegistryTokens(clock);

    private static String basic(String token) {
        return "Basic " + token;
    }

    @Test
    void tokenDecodesToUserAwsAndThePasswordAndExpiresTwelveHoursAfterIssue() {
        RegistryTokens.Issued issued = tokens.issue("123456789012", "eu-west-1");
        String decoded = new String(Base64.getDecoder().decode(issued.token()), StandardCharsets.UTF_8);
        assertEquals("AWS:" + issued.password(), decoded);
        assertEquals(Duration.ofHours(12), Duration.between(issued.issuedAt(), issued.expiresAt()));
        RegistryTokens.Valid v = assertInstanceOf(RegistryTokens.Valid.class, tokens.check(basic(issued.token())));
        assertEquals("123456789012", v.account());
        assertEquals("eu-west-1", v.region());
    }

    @Test
    void tokenIsDeniedOnceTwelveHoursPassOnTheCloudClock() {
        RegistryTokens.Issued issued = tokens.issue("123456789012", "us-east-1");
        clock.advance(Duration.ofHours(11).plusMinutes(59));
        assertInstanceOf(RegistryTokens.Valid.class, tokens.check(basic(issued.token())));
        clock.advance(Duration.ofMinutes(1));
        RegistryTokens.Rejected r = assertInstanceOf(RegistryTokens.Rejected.class, tokens.check(basic(issued.token())));
        assertEquals("DENIED", r.code());
        assertTrue(r.message().contains("expired"));
    }

    @Test
    void tamperedWrongUserOrMissingCredentialsAreUnauthorized() {
        RegistryTokens.Issued issued = tokens.issue("123456789012", "us-east-1");
        String pw = issued.password();
        int dot = pw.indexOf('.');
        // re-sign nothing: swap the account inside the payload
        String payload = new String(Base64.getUrlDecoder().decode(pw.substring(0, dot)), StandardCharsets.UTF_8)
                .replace("123456789012", "999999999999");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + pw.substring(dot);
        String forgedToken = Base64.getEncoder().encodeToString(("AWS:" + forged).getBytes(StandardCharsets.UTF_8));
        assertEquals("UNAUTHORIZED", ((RegistryTokens.Rejected) tokens.check(basic(forgedToken))).code());
        String wrongUser = Base64.getEncoder().encodeToString(("admin:" + pw).getBytes(StandardCharsets.UTF_8));
        assertEquals("UNAUTHORIZED", ((RegistryTokens.Rejected) tokens.check(basic(wrongUser))).code());
        assertEquals("UNAUTHORIZED", ((RegistryTokens.Rejected) tokens.check(null)).code());
        RegistryTokens other = new RegistryTokens(clock);
        assertEquals("UNAUTHORIZED", ((RegistryTokens.Rejected) other.check(basic(issued.token()))).code());
    }

    @Test
    void expireHookRejectsTokensIssuedBeforeItButNotAfter() {
        RegistryTokens.Issued old = tokens.issue("123456789012", "us-east-1");
        tokens.expireIssuedSoFar();
        RegistryTokens.Issued fresh = tokens.issue("123456789012", "us-east-1");
        assertEquals("DENIED", ((RegistryTokens.Rejected) tokens.check(basic(old.token()))).code());
        assertInstanceOf(RegistryTokens.Valid.class, tokens.check(basic(fresh.token())));
    }

    @Test
    void tokensSurviveARestoreOfTheSecret() {
        RegistryTokens.Issued issued = tokens.issue("123456789012", "us-east-1");
        RegistryTokens restarted = new RegistryTokens(clock);
        restarted.restoreSecret(tokens.secretBase64());
        assertInstanceOf(RegistryTokens.Valid.class, restarted.check(basic(issued.token())));
    }
}
