package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.api.UniformPipeline;
import dev.uniformpipeline.localcloud.LocalCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * A whole run (checkout, build, push) to local-cloud's ECR with the AWS credentials configured three ways: a named
 * profile from files the run's environment names, a role assumed in another account (the image lands in that
 * account's registry), and no {@code image.ecr.account} at all (STS GetCallerIdentity decides). local-cloud treats
 * a 12-digit access key as that account's root, so the account an image lands in shows which credentials pushed it.
 */
class EcrCredentialsPushIT {
    static final String ACCOUNT_A = "111111111111";
    static final String ACCOUNT_B = "222222222222";
    static final String REGION = "eu-west-1";

    @TempDir
    static Path shared;
    static LocalCloud cloud;

    @TempDir
    Path repo;

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

    private void commit(String repository, String ecr) throws Exception {
        SiteRepo.commit(repo, SiteRepo.pipeline("""
                image:
                  registry: ecr
                  repository: %s
                  tags: ["${git.shortSha}"]
                  ecr: %s
                service: { port: 8080 }
                targets:
                  - { name: dev, type: eks, region: eu-west-1, cluster: dev, namespace: site }
                """.formatted(repository, ecr)), Map.of("index.html", "<h1>" + repository + "</h1>"), "site");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        env.put("UNIFORM_BASE_IMAGES", shared.resolve("bases").toString());
        env.put("HOME", repo.resolve("no-home").toString());
        return env;
    }

    private RunReport run(Map<String, String> env, List<PipelineEvent> events) throws Exception {
        return UniformPipeline.builder().pipelineFile(Path.of("pipeline.yml")).workingDirectory(repo)
                .environment(env).eventListener(events::add).lastStage(Stage.PUSH)
                .runTimeout(Duration.ofMinutes(5)).build().run();
    }

    private static EcrClient ecrAs(String account) {
        return EcrClient.builder().endpointOverride(cloud.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static ImageDetail onlyImage(String account, String repository) {
        try (EcrClient ecr = ecrAs(account)) {
            List<ImageDetail> images = ecr.describeImages(r -> r.repositoryName(repository)).imageDetails();
            assertEquals(1, images.size(), images.toString());
            return images.get(0);
        }
    }

    private static void absent(String account, String repository) {
        try (EcrClient ecr = ecrAs(account)) {
            assertThrows(RepositoryNotFoundException.class,
                    () -> ecr.describeRepositories(r -> r.repositoryNames(repository)));
        }
    }

    @Test
    void anAssumedRoleInAccountBPushesToAccountBsRegistry() throws Exception {
        commit("cross/site", "{ region: eu-west-1, roleArn: \"arn:aws:iam::" + ACCOUNT_B
                + ":role/ecr-push\", roleSessionName: ci-site }");
        Map<String, String> env = env();
        env.put("AWS_ACCESS_KEY_ID", ACCOUNT_A);
        env.put("AWS_SECRET_ACCESS_KEY", "account-a-secret");
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();

        RunReport report = run(env, events);

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        RunReport.Image image = report.image().orElseThrow();
        assertEquals(ACCOUNT_B + ".dkr.ecr.eu-west-1.amazonaws.com/cross/site", image.repository());
        assertEquals(image.digest().orElseThrow(), onlyImage(ACCOUNT_B, "cross/site").imageDigest());
        absent(ACCOUNT_A, "cross/site");
        assertTrue(events.toString().contains(("then role arn:aws:iam::" + ACCOUNT_B
                + ":role/ecr-push (session ci-site)")), events.toString());
    }

    @Test
    void aNamedProfilePushesAndWithoutImageEcrAccountStsNamesTheAccount() throws Exception {
        commit("profile/site", "{ region: eu-west-1, profile: ci }");
        Path config = Files.writeString(repo.resolve("aws-config"), "[profile ci]\nregion = eu-west-1\n");
        Path credentials = Files.writeString(repo.resolve("aws-credentials"),
                "[ci]\naws_access_key_id = " + ACCOUNT_A + "\naws_secret_access_key = ci-profile-secret\n");
        Map<String, String> env = env();
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("AWS_ACCESS_KEY_ID", ACCOUNT_B); // the pipeline file's profile wins over the environment's keys
        env.put("AWS_SECRET_ACCESS_KEY", "account-b-secret");
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();

        RunReport report = run(env, events);

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(ACCOUNT_A + ".dkr.ecr.eu-west-1.amazonaws.com/profile/site", report.image().orElseThrow()
                .repository());
        assertEquals(report.image().orElseThrow().digest().orElseThrow(),
                onlyImage(ACCOUNT_A, "profile/site").imageDigest());
        absent(ACCOUNT_B, "profile/site");
        assertTrue(events.toString().contains(("AWS account " + ACCOUNT_A
                + " (STS GetCallerIdentity with profile 'ci' of the pipeline file)")), events.toString());
    }

    @Test
    void withoutAnImageEcrSectionTheRepositoryIsCreatedWithTheDocumentedDefaults() throws Exception {
        SiteRepo.commit(repo, SiteRepo.pipeline("""
                image:
                  registry: ecr
                  repository: plain/site
                service: { port: 8080 }
                targets:
                  - { name: dev, type: eks, region: eu-west-1, cluster: dev, namespace: site }
                """), Map.of("index.html", "<h1>plain</h1>"), "site");
        Map<String, String> env = env();
        env.put("AWS_ACCESS_KEY_ID", ACCOUNT_A);
        env.put("AWS_SECRET_ACCESS_KEY", "account-a-secret");

        RunReport report = run(env, new CopyOnWriteArrayList<>());

        assertEquals(RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(report.image().orElseThrow().digest().orElseThrow(),
                onlyImage(ACCOUNT_A, "plain/site").imageDigest());
        try (EcrClient ecr = ecrAs(ACCOUNT_A)) {
            var created = ecr.describeRepositories(r -> r.repositoryNames("plain/site")).repositories().get(0);
            assertEquals("IMMUTABLE", created.imageTagMutabilityAsString());
            assertTrue(created.imageScanningConfiguration().scanOnPush());
            assertEquals("AES256", created.encryptionConfiguration().encryptionTypeAsString());
        }
    }

    @Test
    void aMissingRepositoryWithCreateFalseFailsNamingTheRepositoryAndTheFix() throws Exception {
        commit("absent/site", "{ region: eu-west-1, create: false }");
        Map<String, String> env = env();
        env.put("AWS_ACCESS_KEY_ID", ACCOUNT_A);
        env.put("AWS_SECRET_ACCESS_KEY", "account-a-secret");

        RunReport report = run(env, new CopyOnWriteArrayList<>());

        assertEquals(RunReport.RunStatus.FAILED, report.status(), report.toJson());
        String message = report.failure().orElseThrow().message();
        assertTrue(message.contains("repository absent/site does not exist in registry"), message);
        assertTrue(message.contains("leave image.ecr.create at true"), message);
        absent(ACCOUNT_A, "absent/site");
    }

    @Test
    void aProfileThatIsNotInTheFilesFailsThePushNamingTheFiles() throws Exception {
        commit("missing/site", "{ region: eu-west-1, profile: nowhere }");
        Map<String, String> env = env();
        env.put("AWS_CONFIG_FILE", repo.resolve("absent-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", repo.resolve("absent-credentials").toString());

        RunReport report = run(env, new CopyOnWriteArrayList<>());

        assertEquals(RunReport.RunStatus.FAILED, report.status(), report.toJson());
        RunReport.Failure failure = report.failure().orElseThrow();
        assertEquals(Stage.PUSH, failure.stage());
        assertTrue(failure.message().contains("the pipeline file names profile 'nowhere' but no such profile is in "
                + repo.resolve("absent-config") + " (missing), " + repo.resolve("absent-credentials") + " (missing)"),
                failure.message());
    }
}
