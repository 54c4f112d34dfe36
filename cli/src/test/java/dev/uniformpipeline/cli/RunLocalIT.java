package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.localcloud.LocalCloudProcess;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pipeline run --local}: the real checkout, build and ECR push go to a local-cloud the command starts itself;
 * the image lands in local-cloud's ECR. Deploy is not implemented in this build, and the run says so.
 */
class RunLocalIT {
    private static final String PIPELINE = """
            apiVersion: uniform.dev/v1
            kind: Pipeline
            name: site
            source: { git: "." }
            build: { builder: static, baseImage: "local:busybox" }
            image:
              registry: ecr
              repository: site
              tags: ["${git.sha}"]
              ecr: { account: "000000000000", region: us-east-1 }
            service: { port: 8080 }
            targets:
              - { name: dev, type: fargate, region: us-east-1, cluster: dev,
                  network: { subnets: [subnet-0a1b2c3d], securityGroups: [sg-0a1b2c3d] } }
            """;

    @TempDir
    Path dir;

    @AfterEach
    void stopLocalCloud() throws Exception {
        LocalCloudProcess.stop(dir.resolve("lc"), Duration.ofSeconds(30));
    }

    @Test
    void runLocalPushesTheImageToLocalCloudsEcrAndThenSaysDeployIsNotImplemented() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("index.html"), "<h1>hello</h1>\n");
        Files.writeString(app.resolve("pipeline.yml"), PIPELINE);
        String sha;
        try (Git git = Git.init().setDirectory(app.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent me = new PersonIdent("Test", "test@example.com");
            sha = git.commit().setMessage("site").setAuthor(me).setCommitter(me).setSign(false).call().getName();
        }
        LocalBaseImages bases = new LocalBaseImages(dir.resolve("bases"));
        new BaseImageMaker(bases, dir.resolve("maker"), BuildListener.NONE).busybox(Path.of("/bin/busybox"));
        Map<String, String> env = Map.of(LocalBaseImages.DIR_ENV, bases.dir().toString(),
                LocalCloudSession.STATE_ENV, dir.resolve("lc").toString());

        Cli.Result r = Cli.run(app, env, false, "run", "--local", "--output", "json");

        assertTrue(r.err().contains("local-cloud started at http://127.0.0.1:"), r.toString());
        RunReport report = RunReport.parse(r.out());
        assertEquals(RunReport.RunStatus.FAILED, report.status(), r.toString());
        assertEquals(Stage.DEPLOY, report.failure().orElseThrow().stage(), r.toString());
        assertTrue(report.failure().orElseThrow().message().contains("not implemented yet"), r.toString());
        assertEquals(1, r.exitCode(), r.toString());
        RunReport.Image image = report.image().orElseThrow();
        String digest = image.digest().orElseThrow();
        assertTrue(image.repository().equals("000000000000.dkr.ecr.us-east-1.amazonaws.com/site"), r.toString());

        var running = LocalCloudProcess.status(dir.resolve("lc")).orElseThrow();
        try (EcrClient ecr = EcrClient.builder().endpointOverride(running.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            List<ImageDetail> images = ecr.describeImages(b -> b.repositoryName("site")).imageDetails();
            assertEquals(1, images.size(), images.toString());
            assertEquals(digest, images.get(0).imageDigest());
            assertEquals(List.of(sha), images.get(0).imageTags());
        }

        Cli.Result again = Cli.run(app, env, false, "run", "--local", "--dry-run", "--output", "json");
        assertTrue(again.err().contains("local-cloud running at " + running.endpoint()), "reused: " + again);
    }
}
