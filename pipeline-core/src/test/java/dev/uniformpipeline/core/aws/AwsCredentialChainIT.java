package dev.uniformpipeline.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.uniformpipeline.localcloud.LocalCloud;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The run's AWS credentials against local-cloud's STS (which treats a 12-digit access key as that account's root
 * and keys it issued through AssumeRole as the role's account): a named profile from files the run's environment
 * names, assume-role into another account, and the account found with GetCallerIdentity.
 */
class AwsCredentialChainIT {
    static LocalCloud cloud;

    @TempDir
    Path dir;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().start();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private Map<String, String> profiles() throws Exception {
        Path config = dir.resolve("config");
        Path credentials = dir.resolve("credentials");
        Files.writeString(config, """
                [default]
                region = eu-west-1

                [profile ci]
                region = eu-west-1
                """);
        Files.writeString(credentials, """
                [default]
                aws_access_key_id = 999999999999
                aws_secret_access_key = default-profile-secret

                [ci]
                aws_access_key_id = 111111111111
                aws_secret_access_key = ci-profile-secret
                """);
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("HOME", dir.resolve("no-home").toString());
        return env;
    }

    @Test
    void aProfileNamedByAwsProfileInTheRunsEnvironmentSignsAndStsNamesItsAccount() throws Exception {
        Map<String, String> env = profiles();
        env.put("AWS_PROFILE", "ci");
        AwsCredentialChain chain = new AwsCredentialChain(env, events::add);

        try (AwsCredentialChain.Resolved c = chain.resolve(AwsCredentialSettings.NONE, "eu-west-1")) {
            assertEquals("ci-profile-secret", c.provider().resolveCredentials().secretAccessKey());
            assertEquals("111111111111", chain.account(c, "eu-west-1"));
            assertTrue(c.source().contains("profile 'ci'"), c.source());
        }
        assertTrue(events.stream().anyMatch(e -> e.contains("AWS account 111111111111 (STS GetCallerIdentity")),
                events.toString());
    }

    @Test
    void theProfileOfThePipelineFileWinsOverKeysInTheEnvironment() throws Exception {
        Map<String, String> env = profiles();
        env.put("AWS_ACCESS_KEY_ID", "333333333333");
        env.put("AWS_SECRET_ACCESS_KEY", "env-secret");
        AwsCredentialChain chain = new AwsCredentialChain(env, events::add);

        try (var c = chain.resolve(AwsCredentialSettings.builder().profile("ci").build(), "eu-west-1")) {
            assertEquals("111111111111", chain.account(c, "eu-west-1"));
        }
        try (var c = chain.resolve(AwsCredentialSettings.NONE, "eu-west-1")) {
            assertEquals("333333333333", chain.account(c, "eu-west-1"), "without a profile the keys count");
        }
    }

    @Test
    void aMissingProfileIsAnErrorNamingTheFilesLookedAtAndTheProfilesFound() throws Exception {
        Map<String, String> env = profiles();
        env.put("AWS_PROFILE", "prod");
        Files.delete(dir.resolve("config"));

        AwsCredentialsException e = assertThrows(AwsCredentialsException.class,
                () -> new AwsCredentialChain(env, events::add).resolve(AwsCredentialSettings.NONE, "eu-west-1"));

        assertTrue(e.getMessage().startsWith("AWS_PROFILE is 'prod' but no such profile is in "), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("config") + " (missing)"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("credentials").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("found: ci, default"), e.getMessage());
        assertFalse(e.getMessage().contains("ci-profile-secret"));
    }

    @Test
    void assumingARoleInAnotherAccountGivesThatAccountsSessionCredentials() throws Exception {
        Map<String, String> env = profiles();
        env.put("AWS_ACCESS_KEY_ID", "111111111111");
        env.put("AWS_SECRET_ACCESS_KEY", "account-a-secret");
        AwsCredentialChain chain = new AwsCredentialChain(env, events::add);
        String role = "arn:aws:iam::222222222222:role/ecr-push";

        try (var c = chain.resolve(AwsCredentialSettings.builder().roleArn(role).roleSessionName("build-42")
                .externalId("shared-ext-id").build(), "eu-west-1")) {
            AwsCredentials assumed = c.provider().resolveCredentials();
            assertTrue(assumed instanceof AwsSessionCredentials, "session credentials: " + assumed.getClass());
            assertTrue(assumed.accessKeyId().startsWith("ASIA"), "issued by STS");
            assertEquals("222222222222", chain.account(c, "eu-west-1"));
            try (StsClient sts = AwsClients.build(StsClient.builder(), "STS", "eu-west-1", env, c.provider())) {
                GetCallerIdentityResponse who = sts.getCallerIdentity();
                assertEquals("222222222222", who.account());
                assertEquals("arn:aws:sts::222222222222:assumed-role/ecr-push/build-42", who.arn());
            }
        }
        assertTrue(events.contains("AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY of the run's environment,"
                + " then role " + role + " (session build-42)"), events.toString());
    }

    @Test
    void aProfileWithRoleArnAndSourceProfileAssumesTheRoleAtTheRunsStsEndpoint() throws Exception {
        Map<String, String> env = profiles();
        Files.writeString(dir.resolve("config"), Files.readString(dir.resolve("config")) + """

                [profile cross]
                role_arn = arn:aws:iam::222222222222:role/ecr-push
                source_profile = ci
                role_session_name = from-profile
                """);
        env.put("AWS_PROFILE", "cross");
        AwsCredentialChain chain = new AwsCredentialChain(env, events::add);

        try (var c = chain.resolve(AwsCredentialSettings.NONE, "eu-west-1")) {
            assertEquals("222222222222", chain.account(c, "eu-west-1"));
            try (StsClient sts = AwsClients.build(StsClient.builder(), "STS", "eu-west-1", env, c.provider())) {
                assertEquals("arn:aws:sts::222222222222:assumed-role/ecr-push/from-profile",
                        sts.getCallerIdentity().arn());
            }
        }
        assertTrue(events.contains("AWS credentials: profile 'cross' (AWS_PROFILE) (role"
                + " arn:aws:iam::222222222222:role/ecr-push)"), events.toString());
    }

    @Test
    void anAssumeRoleThatStsDeniesNamesTheRoleAndTheFix() throws Exception {
        List<String> bodies = new ArrayList<>();
        HttpServer sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                    + "<Code>AccessDenied</Code><Message>User: arn:aws:iam::111111111111:user/ci is not authorized to"
                    + " perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/ecr-push</Message></Error>"
                    + "<RequestId>4b6f2d1c-0000-4000-8000-000000000001</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml");
            ex.sendResponseHeaders(403, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        sts.start();
        try {
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + sts.getAddress().getPort(),
                    "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "denied-secret");
            AwsCredentialsException e = assertThrows(AwsCredentialsException.class,
                    () -> new AwsCredentialChain(env, events::add).resolve(AwsCredentialSettings.builder()
                            .roleArn("arn:aws:iam::222222222222:role/ecr-push").build(), "eu-west-1"));

            assertTrue(e.getMessage().startsWith("AssumeRole of arn:aws:iam::222222222222:role/ecr-push was refused"
                    + " (AccessDenied: User: arn:aws:iam::111111111111:user/ci is not authorized"), e.getMessage());
            assertTrue(e.getMessage().contains("trust policy must allow sts:AssumeRole"), e.getMessage());
            assertTrue(e.getMessage().contains("image.ecr.externalId must match its sts:ExternalId"), e.getMessage());
            assertFalse(e.getMessage().contains("denied-secret"));
            assertTrue(bodies.get(0).contains("Action=AssumeRole"), bodies.toString());
            assertTrue(bodies.get(0).contains("RoleSessionName=uniform-pipeline"), bodies.toString());
        } finally {
            sts.stop(0);
        }
    }
}
