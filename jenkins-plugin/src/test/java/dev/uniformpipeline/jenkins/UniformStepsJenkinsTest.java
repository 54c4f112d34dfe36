package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.build.BaseImageMaker;
import dev.uniformpipeline.core.build.BuildListener;
import dev.uniformpipeline.core.build.LocalBaseImages;
import dev.uniformpipeline.localcloud.LocalCloud;
import hudson.model.Result;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Runs inside a real Jenkins (JenkinsRule); only with -Pjenkins, since it needs the Jenkins repository. Not run in
 * the default build: the offline module runs the same executions against the API declarations.
 */
@WithJenkins
class UniformStepsJenkinsTest {
    static final String PIPELINE = """
            apiVersion: uniform.dev/v1
            kind: Pipeline
            name: orders
            source: { git: ".", ref: main }
            build: { builder: auto, baseImage: "eclipse-temurin:21-jre" }
            image: { registry: "localhost:5000", repository: orders, tags: ["${git.sha}"] }
            service: { port: 8080, replicas: 1, cpu: 0.25, memory: 512MiB }
            targets:
              - { name: dev, type: eks, region: eu-west-1, cluster: dev, namespace: orders }
            """;

    @Test
    void aDryRunInAWorkflowJobRunsTheEngineAndArchivesTheReport(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "orders");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  writeFile file: 'pipeline.yml', text: '''%s'''
                  def r = uniformPipeline(file: 'pipeline.yml', targets: ['dev'], dryRun: true)
                  echo "status=${r.status}"
                }
                """.formatted(PIPELINE), true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        // the workspace is not a git working tree: the engine fails at checkout, honestly
        j.assertLogContains("[uniform] ===== checkout =====", b);
        j.assertLogContains("Uniform Pipeline FAILED: pipeline 'orders' at checkout", b);
        assertNotNull(b.getArtifactManager().root().child("uniform-report.json"));
        assertEquals(1, b.getArtifacts().size());
    }

    /** A static site committed in its own repository (cloned by file:// URL) whose image goes to local ECR. */
    static final String SITE = """
            apiVersion: uniform.dev/v1
            kind: Pipeline
            name: site
            source: { git: "%s", ref: main }
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

    /**
     * Against an in-process local-cloud: uniformBuild really checks out, builds and pushes to local ECR and returns
     * the digest; uniformDeploy then deploys that digest (checkout, build, push skipped) and, as this build has no
     * deployer, fails at deploy with the stage's message; uniformPipeline does the whole run and fails at the same
     * place; uniformRollback fails there too. Needs /bin/busybox (Debian busybox-static) for the local base image.
     */
    @Test
    void theStepsRunAgainstLocalCloudInAWorkflowJob(JenkinsRule j, @TempDir Path dir) throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("index.html"), "<h1>hello</h1>\n");
        String sha;
        try (Git git = Git.init().setDirectory(app.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent me = new PersonIdent("Test", "test@example.com");
            sha = git.commit().setMessage("site").setAuthor(me).setCommitter(me).setSign(false).call().getName();
        }
        LocalBaseImages bases = new LocalBaseImages(dir.resolve("bases"));
        new BaseImageMaker(bases, dir.resolve("maker"), BuildListener.NONE).busybox(Path.of("/bin/busybox"));
        try (LocalCloud cloud = LocalCloud.builder().start()) {
            String env = String.join("', '", "AWS_ENDPOINT_URL=" + cloud.endpoint(),
                    "AWS_ACCESS_KEY_ID=000000000000", "AWS_SECRET_ACCESS_KEY=local", "AWS_REGION=us-east-1",
                    LocalBaseImages.DIR_ENV + "=" + bases.dir());
            String file = SITE.formatted(app.toUri());

            WorkflowJob p = j.createProject(WorkflowJob.class, "site");
            p.setDefinition(new CpsFlowDefinition(script(env, file, """
                    def digest = uniformBuild()
                    echo "built ${digest}"
                    uniformDeploy(image: digest, targets: ['dev'], reportFile: 'deploy-report.json')
                    """), true));
            WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

            j.assertLogContains("[uniform] ===== push =====", b);
            j.assertLogContains("[uniform] uniformBuild: pushed sha256:", b);
            j.assertLogContains("built sha256:", b);
            j.assertLogContains("[uniform] checkout skipped: not needed: deploying the given image"
                    + " 000000000000.dkr.ecr.us-east-1.amazonaws.com/site@sha256:", b);
            j.assertLogContains("[uniform] ===== deploy [dev] =====", b);
            j.assertLogContains("Uniform Pipeline FAILED: pipeline 'site' at deploy [dev]", b);
            j.assertLogContains("not implemented yet: rollout to fargate target 'dev'", b);
            RunReport built = RunReport.parse(Files.readString(
                    b.getArtifactsDir().toPath().resolve("uniform-report.json")));
            assertEquals(sha, built.source().orElseThrow().revision());
            RunReport deployed = RunReport.parse(Files.readString(
                    b.getArtifactsDir().toPath().resolve("deploy-report.json")));
            assertEquals(built.image().orElseThrow().digest(), deployed.image().orElseThrow().digest());
            assertEquals(2, b.getArtifacts().size());

            WorkflowJob whole = j.createProject(WorkflowJob.class, "whole");
            whole.setDefinition(new CpsFlowDefinition(script(env, file, "uniformPipeline(targets: ['dev'])\n"), true));
            WorkflowRun w = j.buildAndAssertStatus(Result.FAILURE, whole);
            j.assertLogContains("[uniform] push succeeded", w);
            j.assertLogContains("Uniform Pipeline FAILED: pipeline 'site' at deploy [dev]", w);

            WorkflowJob back = j.createProject(WorkflowJob.class, "rollback");
            back.setDefinition(new CpsFlowDefinition(script(env, file, "uniformRollback(target: 'dev')\n"), true));
            WorkflowRun r = j.buildAndAssertStatus(Result.FAILURE, back);
            j.assertLogContains("[uniform] build skipped: not needed: rollback of target 'dev'", r);
            j.assertLogContains("not implemented yet: rollback of fargate target 'dev'", r);
        }
    }

    /** A Pipeline script: on a node, with {@code env}, write the pipeline file, then run {@code steps}. */
    private static String script(String env, String pipelineFile, String steps) {
        return "node {\n  withEnv(['" + env + "']) {\n    writeFile file: 'pipeline.yml', text: '''" + pipelineFile
                + "'''\n" + steps + "  }\n}\n";
    }

    @Test
    void aTagGivenToUniformDeployFailsTheBuildBeforeAnythingRuns(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "deploy");
        p.setDefinition(new CpsFlowDefinition("node { uniformDeploy(image: 'orders:latest', targets: ['dev']) }",
                true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("uniformDeploy: image: 'orders:latest' is not an image digest reference", b);
        assertEquals(0, b.getArtifacts().size());
    }

    @Test
    void configRoundTripKeepsEveryScalarField(JenkinsRule j) throws Exception {
        UniformPipelineStep step = new UniformPipelineStep();
        step.setFile("ci/pipeline.yml");
        step.setEnv("prod");
        step.setDryRun(true);
        step.setAwsCredentialsId("aws");
        step.setRegistryCredentialsId("registry");
        step.setGitCredentialsId("git");
        step.setReportFile("out/report.json");
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));

        UniformBuildStep build = new UniformBuildStep();
        build.setFile("ci/pipeline.yml");
        j.assertEqualDataBoundBeans(build, new StepConfigTester(j).configRoundTrip(build));

        UniformDeployStep deploy = new UniformDeployStep("registry.example.com/orders@sha256:" + "a".repeat(64));
        deploy.setEnv("prod");
        deploy.setFile("ci/pipeline.yml");
        deploy.setAwsCredentialsId("aws");
        deploy.setGitCredentialsId("deploy-key");
        deploy.setReportFile("out/deploy.json");
        j.assertEqualDataBoundBeans(deploy, new StepConfigTester(j).configRoundTrip(deploy));

        UniformRollbackStep rollback = new UniformRollbackStep("staging");
        rollback.setEnv("prod");
        rollback.setAwsCredentialsId("aws");
        rollback.setReportFile("out/rollback.json");
        j.assertEqualDataBoundBeans(rollback, new StepConfigTester(j).configRoundTrip(rollback));
    }

    @Test
    void listAndMapArgumentsBindFromPipelineScript(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "bind");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                  writeFile file: 'pipeline.yml', text: '''%s'''
                  uniformPipeline(targets: ['dev'], set: ['service.replicas': '-1'])
                }
                """.formatted(PIPELINE), true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("service.replicas", b);
        j.assertLogContains("pipeline.yml is not a valid pipeline", b);
    }
}
