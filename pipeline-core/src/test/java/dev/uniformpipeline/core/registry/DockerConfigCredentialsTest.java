package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
    @TempDir
    Path tmp;

    private final List<String> helperCalls = new ArrayList<>();

    private DockerConfigCredentials config(String json) throws Exception {
        Path file = Files.writeString(tmp.resolve("config.json"), json);
        return new DockerConfigCredentials(file, (helper, host) -> {
            helperCalls.add(helper + "@" + host);
            if (helper.equals("ecr-login") && host.endsWith(".amazonaws.com")) {
                return Optional.of("{\"ServerURL\":\"" + host + "\",\"Username\":\"AWS\",\"Secret\":\"ecr-token\"}");
            }
            if (helper.equals("desktop") && host.equals("store.example.org")) {
                return Optional.of("{\"Username\":\"store-user\",\"Secret\":\"store-secret\"}");
            }
            return Optional.empty();
        });
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authsEntryDecodesUserAndPasswordForEveryKeyForm() throws Exception {
        DockerConfigCredentials c = config("{\"auths\":{"
                + "\"reg.example.org:5000\":{\"auth\":\"" + b64("alice:pa:ss") + "\"},"
                + "\"https://other.example.org/v1/\":{\"auth\":\"" + b64("bob:pw") + "\"},"
                + "\"plain.example.org\":{\"username\":\"carol\",\"password\":\"pw3\"}}}");
        assertEquals(new RegistryCredential("alice", "pa:ss"), c.forRegistry("reg.example.org:5000").orElseThrow());
        assertEquals("bob", c.forRegistry("other.example.org").orElseThrow().username());
        assertEquals("pw3", c.forRegistry("plain.example.org").orElseThrow().secret());
        assertTrue(c.forRegistry("unknown.example.org").isEmpty());
    }

    @Test
    void credentialHelperForTheHostWinsOverAuths() throws Exception {
        String ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
        DockerConfigCredentials c = config("{\"credHelpers\":{\"" + ecr + "\":\"ecr-login\"},"
                + "\"auths\":{\"" + ecr + "\":{\"auth\":\"" + b64("stale:stale") + "\"}}}");
        RegistryCredential cred = c.forRegistry(ecr).orElseThrow();
        assertEquals("AWS", cred.username());
        assertEquals("ecr-token", cred.secret());
        assertEquals(List.of("ecr-login@" + ecr), helperCalls);
    }

    @Test
    void globalCredsStoreIsTheLastResort() throws Exception {
        DockerConfigCredentials c = config("{\"credsStore\":\"desktop\",\"auths\":{}}");
        assertEquals("store-user", c.forRegistry("store.example.org").orElseThrow().username());
        assertTrue(c.forRegistry("nothing.example.org").isEmpty());
    }

    @Test
    void brokenAuthFieldNamesTheFileAndTheFixButNotTheValue() throws Exception {
        DockerConfigCredentials c = config("{\"auths\":{\"r.example.org\":{\"auth\":\"" + b64("no-colon-here")
                + "\"}}}");
        RegistryException e = assertThrows(RegistryException.class, () -> c.forRegistry("r.example.org"));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("docker login"), e.getMessage());
        assertFalse(e.getMessage().contains("no-colon-here"), e.getMessage());
    }

    @Test
    void credentialHelperProcessIsFoundOnThePipelinePathAndGetsTheHostOnStdin() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path helper = bin.resolve("docker-credential-uniformtest");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread host\n"
                + "if [ \"$host\" = reg.example.org ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"helper-user\",\"Secret\":\"helper-secret\"}' \"$host\"\n"
                + "else echo 'credentials not found in native keychain'; exit 1; fi\n");
        assertTrue(helper.toFile().setExecutable(true));
        Path dockerDir = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(dockerDir.resolve("config.json"), "{\"credHelpers\":{\"reg.example.org\":\"uniformtest\","
                + "\"other.example.org\":\"uniformtest\"}}");
        DockerConfigCredentials c = DockerConfigCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", dockerDir.toString(),
                "PATH", bin + ":/usr/bin:/bin"));
        assertEquals(new RegistryCredential("helper-user", "helper-secret"), c.forRegistry("reg.example.org").orElseThrow());
        assertTrue(c.forRegistry("other.example.org").isEmpty(), "a helper without an entry means no credentials");
    }

    private Path helperScript(String name, String body) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path helper = bin.resolve("docker-credential-" + name);
        Files.writeString(helper, "#!/bin/sh\n" + body);
        assertTrue(helper.toFile().setExecutable(true));
        return bin;
    }

    private DockerConfigCredentials helperConfig(String name, Map<String, String> extraEnv) throws Exception {
        Path dockerDir = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(dockerDir.resolve("config.json"), "{\"credHelpers\":{\"reg.example.org\":\"" + name + "\"}}");
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("DOCKER_CONFIG", dockerDir.toString());
        env.putIfAbsent("PATH", tmp.resolve("bin") + ":/usr/bin:/bin");
        return DockerConfigCredentials.fromEnvironment(env);
    }

    @Test
    void theHelperRunsWithTheRunsEnvironmentNotOnlyTheProcesses() throws Exception {
        helperScript("fromenv", "read host\nprintf '{\"Username\":\"%s\",\"Secret\":\"%s\"}' \"$HELPER_USER\" \"$HELPER_SECRET\"\n");
        DockerConfigCredentials c = helperConfig("fromenv", Map.of("HELPER_USER", "run-user", "HELPER_SECRET", "run-secret"));
        assertEquals(new RegistryCredential("run-user", "run-secret"), c.forRegistry("reg.example.org").orElseThrow());
    }

    @Test
    void aHelperThatIsNotOnTheRunsPathIsAnErrorNamingItAndTheFix() throws Exception {
        DockerConfigCredentials c = helperConfig("nosuchhelper", Map.of("PATH", tmp.resolve("empty-bin").toString()));
        RegistryException e = assertThrows(RegistryException.class, () -> c.forRegistry("reg.example.org"));
        assertEquals(RegistryException.Reason.AUTHENTICATION, e.reason());
        assertTrue(e.getMessage().contains("credential helper 'nosuchhelper' for reg.example.org but"
                + " docker-credential-nosuchhelper is not on the PATH; install it, or remove it from config.json"),
                e.getMessage());
    }

    @Test
    void aHelperThatFailsForAnotherReasonThanNotFoundIsAnErrorWithItsExitCodeAndComplaint() throws Exception {
        helperScript("locked", "read host\necho 'error: the keychain is locked' >&2\nexit 3\n");
        RegistryException e = assertThrows(RegistryException.class,
                () -> helperConfig("locked", Map.of()).forRegistry("reg.example.org"));
        assertTrue(e.getMessage().contains("docker-credential-locked get failed for reg.example.org (exit 3: error: the"
                + " keychain is locked)"), e.getMessage());
    }

    @Test
    void aHelperAnswerThatIsNotJsonOrLacksTheSecretIsAnError() throws Exception {
        helperScript("garbage", "read host\necho 'Password:'\n");
        RegistryException e = assertThrows(RegistryException.class,
                () -> helperConfig("garbage", Map.of()).forRegistry("reg.example.org"));
        assertTrue(e.getMessage().contains("not a JSON object for reg.example.org"), e.getMessage());

        helperScript("nosecret", "read host\necho '{\"Username\":\"u\",\"Secret\":\"\"}'\n");
        RegistryException e2 = assertThrows(RegistryException.class,
                () -> helperConfig("nosecret", Map.of()).forRegistry("reg.example.org"));
        assertTrue(e2.getMessage().contains("get returned no Secret for reg.example.org"), e2.getMessage());
    }

    @Test
    void anIdentityTokenInAuthsIsAnErrorRatherThanAnEmptyPassword() throws Exception {
        DockerConfigCredentials c = config("{\"auths\":{\"acr.example.org\":{\"auth\":\""
                + b64("00000000-0000-0000-0000-000000000000:") + "\",\"identitytoken\":\"refresh-token-value\"}}}");
        RegistryException e = assertThrows(RegistryException.class, () -> c.forRegistry("acr.example.org"));
        assertTrue(e.getMessage().contains("auths.acr.example.org holds an identity token"), e.getMessage());
        assertFalse(e.getMessage().contains("refresh-token-value"), e.getMessage());
    }

    @Test
    void missingConfigFileMeansNoCredentials() throws Exception {
        DockerConfigCredentials c = new DockerConfigCredentials(tmp.resolve("absent.json"), (h, x) -> Optional.empty());
        assertTrue(c.forRegistry("r.example.org").isEmpty());
    }

    @Test
    void environmentCredentialsComeFirstAndRespectTheHostRestriction() throws Exception {
        Map<String, String> env = Map.of(EnvCredentials.USERNAME, "env-user", EnvCredentials.PASSWORD, "env-pw",
                EnvCredentials.HOST, "reg.example.org");
        assertEquals("env-user", new EnvCredentials(env).forRegistry("reg.example.org").orElseThrow().username());
        assertTrue(new EnvCredentials(env).forRegistry("other.example.org").isEmpty());
        assertFalse(new RegistryCredential("u", "topsecret").toString().contains("topsecret"));
    }
}
