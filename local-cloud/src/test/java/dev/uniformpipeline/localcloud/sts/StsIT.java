package dev.uniformpipeline.localcloud.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class StsIT {
    static LocalCloud cloud;
    static StsClient sts;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().start();
        sts = Sdk.client(StsClient.builder(), cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        sts.close();
        cloud.close();
    }

    @Test
    void staticKeyActsAsTheDefaultAccountRoot() {
        GetCallerIdentityResponse id = sts.getCallerIdentity();
        assertEquals("000000000000", id.account());
        assertEquals("arn:aws:iam::000000000000:root", id.arn());
        assertTrue(id.responseMetadata().requestId().length() > 10, "request id echoed");
    }

    @Test
    void assumeRoleInSeveralAccountsYieldsKeysActingInEachRolesAccount() {
        for (String account : new String[] {"111111111111", "222222222222", "333333333333"}) {
            AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + account + ":role/deploy/Deployer")
                    .roleSessionName("pipeline-" + account).durationSeconds(1800));
            Credentials c = r.credentials();
            assertTrue(c.accessKeyId().startsWith("ASIA"), c.accessKeyId());
            assertEquals("arn:aws:sts::" + account + ":assumed-role/Deployer/pipeline-" + account,
                    r.assumedRoleUser().arn());
            assertTrue(c.expiration().isAfter(cloud.clock().now().plusSeconds(1700)));

            try (StsClient assumed = Sdk.client(StsClient.builder(), cloud.endpoint(), StaticCredentialsProvider
                    .create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())),
                    Region.EU_WEST_1)) {
                GetCallerIdentityResponse id = assumed.getCallerIdentity();
                assertEquals(account, id.account());
                assertEquals(r.assumedRoleUser().arn(), id.arn());
                assertEquals(r.assumedRoleUser().assumedRoleId(), id.userId());
            }
        }
    }

    @Test
    void roleChainingBeyondOneHourIsRejected() {
        Credentials c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::444444444444:role/A").roleSessionName("s1"))
                .credentials();
        try (StsClient assumed = Sdk.client(StsClient.builder(), cloud.endpoint(), StaticCredentialsProvider
                .create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())),
                Region.US_EAST_1)) {
            StsException e = assertThrows(StsException.class, () -> assumed.assumeRole(
                    b -> b.roleArn("arn:aws:iam::555555555555:role/B").roleSessionName("s2").durationSeconds(7200)));
            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
            assertEquals("arn:aws:sts::555555555555:assumed-role/B/s2", assumed.assumeRole(
                    b -> b.roleArn("arn:aws:iam::555555555555:role/B").roleSessionName("s2")).assumedRoleUser().arn());
        }
    }

    @Test
    void expiredTemporaryKeysAreRejectedWithExpiredToken() {
        LocalCloud own = LocalCloud.builder().start();
        try (StsClient base = Sdk.client(StsClient.builder(), own.endpoint())) {
            Credentials c = base.assumeRole(b -> b.roleArn("arn:aws:iam::666666666666:role/Short")
                    .roleSessionName("short").durationSeconds(900)).credentials();
            own.clock().advance(Duration.ofSeconds(901));
            try (StsClient assumed = Sdk.client(StsClient.builder(), own.endpoint(), StaticCredentialsProvider
                    .create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())),
                    Region.US_EAST_1)) {
                StsException e = assertThrows(StsException.class, assumed::getCallerIdentity);
                assertEquals("ExpiredTokenException", e.awsErrorDetails().errorCode(), "STS's modelled code keeps its suffix");
                assertEquals(400, e.statusCode());
            }
        } finally {
            own.close();
        }
    }

    @Test
    void invalidRoleArnAndSessionNameAreValidationErrors() {
        StsException bad = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::12:role/x-is-too-short").roleSessionName("ok")));
        assertEquals("ValidationError", bad.awsErrorDetails().errorCode());
        StsException name = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/R").roleSessionName("has space")));
        assertEquals("ValidationError", name.awsErrorDetails().errorCode());
        assertTrue(name.getMessage().contains("roleSessionName"), name.getMessage());
    }

    @Test
    void twelveDigitAccessKeyActsInThatAccount() {
        try (StsClient other = Sdk.client(StsClient.builder(), cloud.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("123456789012", "x")), Region.US_WEST_2)) {
            assertEquals("123456789012", other.getCallerIdentity().account());
        }
    }

    @Test
    void getCallerIdentityAnswersJsonWhenAskedLikeTheEksTokenVerifier() throws Exception {
        // aws-iam-authenticator: GET the presigned URL with Accept: application/json (AWS-FACTS §6, §10.11)
        String url = cloud.endpoint() + "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm="
                + "AWS4-HMAC-SHA256&X-Amz-Credential=AKIDLOCALTEST%2F20240101%2Fus-east-1%2Fsts%2Faws4_request"
                + "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
                + "&X-Amz-Signature=abc";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json").header("x-k8s-aws-id", "prod").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode result = new ObjectMapper().readTree(r.body()).path("GetCallerIdentityResponse")
                .path("GetCallerIdentityResult");
        assertEquals("000000000000", result.path("Account").asText());
        assertEquals("arn:aws:iam::000000000000:root", result.path("Arn").asText());
        assertFalse(result.path("UserId").asText().isEmpty());

        HttpResponse<String> xml = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(xml.body().startsWith("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                + "2011-06-15/\">"), xml.body());
    }
}
