package dev.uniformpipeline.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsCredentialChainTest {
    @TempDir
    Path dir;

    private Map<String, String> files(String extraKey, String extraValue) throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "[profile deploy]\nregion = eu-west-1\n");
        Path credentials = Files.writeString(dir.resolve("credentials"),
                "[deploy]\naws_access_key_id = AKIADEPLOY\naws_secret_access_key = deploy-secret\n"
                        + "aws_session_token = deploy-token\n");
        return Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                extraKey, extraValue);
    }

    @Test
    void awsProfileOfTheRunsEnvironmentIsReadFromTheFilesItNames() throws Exception {
        AwsCredentials c = new AwsCredentialChain(files("AWS_PROFILE", "deploy"), line -> { }).base(null)
                .resolveCredentials();
        assertEquals("AKIADEPLOY", c.accessKeyId());
        assertEquals("deploy-secret", c.secretAccessKey());
    }

    @Test
    void theProfileFilesDefaultToTheRunsHome() {
        AwsCredentialChain chain = new AwsCredentialChain(Map.of("HOME", dir.toString()), line -> { });
        assertEquals(java.util.List.of(dir.resolve(".aws/config"), dir.resolve(".aws/credentials")),
                chain.profileFiles());
    }

    @Test
    void halfAKeyPairIsAnErrorAndForClientsAnErrorOnTheFirstCall() throws Exception {
        Map<String, String> env = files("AWS_SECRET_ACCESS_KEY", "lonely-secret");
        AwsCredentialChain chain = new AwsCredentialChain(env, line -> { });
        AwsCredentialsException e = assertThrows(AwsCredentialsException.class, () -> chain.base(null));
        assertEquals("the run's environment sets AWS_SECRET_ACCESS_KEY but not AWS_ACCESS_KEY_ID: set both (or"
                + " neither, to use a profile or the default AWS chain)", e.getMessage());

        SdkClientException deferred = assertThrows(SdkClientException.class,
                () -> chain.baseOrDeferredError().resolveCredentials());
        assertEquals(e.getMessage(), deferred.getMessage());
    }

    @Test
    void aSourceProfileLoopIsAnErrorNamingTheChain() throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "[profile a]\n"
                + "role_arn = arn:aws:iam::222222222222:role/x\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::333333333333:role/y\nsource_profile = a\n");
        AwsCredentialChain chain = new AwsCredentialChain(Map.of("AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString(), "AWS_PROFILE", "a"), line -> { });
        AwsCredentialsException e = assertThrows(AwsCredentialsException.class, () -> chain.base(null));
        assertEquals("the source_profile chain a -> b -> a loops or is too long; fix source_profile in the AWS config",
                e.getMessage());
    }

    @Test
    void aProfileWithoutUsableCredentialsIsAnErrorThatShowsNoneOfItsValues() throws Exception {
        Path credentials = Files.writeString(dir.resolve("credentials"), "[broken]\naws_access_key_id = AKIABROKEN\n"
                + "aws_session_token = session-token-of-broken\n[other]\naws_access_key_id = AKIAOTHER\n"
                + "aws_secret_access_key = secret-of-other\n");
        AwsCredentialChain chain = new AwsCredentialChain(Map.of("AWS_CONFIG_FILE", dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_PROFILE", "broken"), line -> { });
        AwsCredentialsException e = assertThrows(AwsCredentialsException.class,
                () -> chain.resolve(AwsCredentialSettings.NONE, "eu-west-1"));
        assertEquals("no usable AWS credentials from profile 'broken' (AWS_PROFILE): Profile property"
                + " 'aws_secret_access_key' was not configured for 'broken'; fix the profile in " + dir.resolve("none")
                + " or " + credentials, e.getMessage());
        for (String secret : java.util.List.of("session-token-of-broken", "secret-of-other")) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
            }
        }
    }

    @Test
    void theAccountOfARoleComesFromItsArn() {
        assertEquals(Optional.of("222222222222"),
                AwsCredentialChain.roleAccount("arn:aws:iam::222222222222:role/team/ecr-push"));
        assertEquals(Optional.of("333333333333"),
                AwsCredentialChain.roleAccount("arn:aws-cn:iam::333333333333:role/push"));
        assertTrue(AwsCredentialChain.roleAccount("arn:aws:iam::222222222222:user/ci").isEmpty());
    }

    @Test
    void aRoleArnThatIsNotOneFailsBeforeAnyCall() throws Exception {
        AwsCredentialChain chain = new AwsCredentialChain(files("AWS_PROFILE", "deploy"), line -> { });
        AwsCredentialsException e = assertThrows(AwsCredentialsException.class, () -> chain.resolve(
                AwsCredentialSettings.builder().roleArn("arn:aws:iam::222222222222:user/ci").build(), "eu-west-1"));
        assertTrue(e.getMessage().contains("is not an IAM role ARN"), e.getMessage());
    }
}
