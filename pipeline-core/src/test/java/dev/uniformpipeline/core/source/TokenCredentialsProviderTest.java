package dev.uniformpipeline.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCredentialsProviderTest {
    @TempDir
    Path tmp;

    @Test
    void environmentTokenIsUsedForHttpsWithDefaultUserName() throws Exception {
        var provider = new TokenCredentialsProvider(Map.of("UNIFORM_GIT_TOKEN", "s3cr3t-env"), null);
        var creds = assertInstanceOf(GitCredentials.Token.class, provider.forUrl("https://git.example.org/a/b.git"));
        assertEquals("x-access-token", creds.username());
        assertEquals("s3cr3t-env", creds.token());
    }

    @Test
    void environmentUserNameOverridesTheDefault() throws Exception {
        var provider = new TokenCredentialsProvider(
                Map.of("UNIFORM_GIT_TOKEN", "t", "UNIFORM_GIT_USERNAME", "oauth2"), null);
        var creds = assertInstanceOf(GitCredentials.Token.class, provider.forUrl("https://gitlab.example/x.git"));
        assertEquals("oauth2", creds.username());
    }

    @Test
    void tokenIsNeverOfferedToNonHttpUrls() throws Exception {
        var provider = new TokenCredentialsProvider(Map.of("UNIFORM_GIT_TOKEN", "t"), null);
        assertSame(GitCredentials.none(), provider.forUrl("git://git.example.org/a.git"));
        assertSame(GitCredentials.none(), provider.forUrl("ssh://git@git.example.org/a.git"));
        assertSame(GitCredentials.none(), provider.forUrl("file:///tmp/a"));
    }

    @Test
    void credentialsFileMatchesHostPortAndLongestPath() throws Exception {
        Path file = tmp.resolve("creds");
        Files.writeString(file, String.join("\n",
                "# comment",
                "https://alice:generic-token@git.example.org",
                "https://bob:team-token@git.example.org/team",
                "https://carol:other-port@git.example.org:8443",
                "not a url at all",
                "https://dave:p%40ss@other.example.org/"));
        var provider = new TokenCredentialsProvider(Map.of(), file);
        var team = assertInstanceOf(GitCredentials.Token.class,
                provider.forUrl("https://git.example.org/team/app.git"));
        assertEquals("bob", team.username());
        assertEquals("team-token", team.token());
        var generic = assertInstanceOf(GitCredentials.Token.class,
                provider.forUrl("https://git.example.org/elsewhere/app.git"));
        assertEquals("generic-token", generic.token());
        var port = assertInstanceOf(GitCredentials.Token.class,
                provider.forUrl("https://git.example.org:8443/team/app.git"));
        assertEquals("other-port", port.token());
        var decoded = assertInstanceOf(GitCredentials.Token.class, provider.forUrl("https://other.example.org/x"));
        assertEquals("p@ss", decoded.token());
        assertSame(GitCredentials.none(), provider.forUrl("https://unknown.example.org/x"));
    }

    @Test
    void credentialsFileIsTakenFromTheEnvironmentAndEnvTokenWins() throws Exception {
        Path file = tmp.resolve("creds");
        Files.writeString(file, "https://u:file-token@h.example\n");
        var fromFile = new TokenCredentialsProvider(Map.of("UNIFORM_GIT_CREDENTIALS_FILE", file.toString()), null);
        assertEquals("file-token",
                assertInstanceOf(GitCredentials.Token.class, fromFile.forUrl("https://h.example/r")).token());
        var both = new TokenCredentialsProvider(
                Map.of("UNIFORM_GIT_CREDENTIALS_FILE", file.toString(), "UNIFORM_GIT_TOKEN", "env-token"), null);
        assertEquals("env-token",
                assertInstanceOf(GitCredentials.Token.class, both.forUrl("https://h.example/r")).token());
    }

    @Test
    void unreadableCredentialsFileNamesTheFileAndTheFix() {
        var provider = new TokenCredentialsProvider(Map.of(), tmp.resolve("missing"));
        CheckoutException e = assertThrows(CheckoutException.class, () -> provider.forUrl("https://h/x"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().contains("UNIFORM_GIT_CREDENTIALS_FILE"), e.getMessage());
    }

    @Test
    void tokenNeverAppearsInToStringOrRedactedUrls() {
        var token = GitCredentials.token("u", "very-secret-123");
        assertFalse(token.toString().contains("very-secret-123"), token.toString());
        String redacted = Redaction.url("https://u:very-secret-123@host/repo.git");
        assertEquals("https://***@host/repo.git", redacted);
        assertEquals("git://host/repo.git", Redaction.url("git://host/repo.git"));
    }
}
