package dev.uniformpipeline.jenkins;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

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

    @Test
    void notImplementedStepsFailTheBuildWithTheirMessage(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "deploy");
        p.setDefinition(new CpsFlowDefinition("node { uniformDeploy(image: 'sha256:abc', targets: ['dev']) }", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("not implemented yet: uniformDeploy", b);
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

        UniformDeployStep deploy = new UniformDeployStep("sha256:abc");
        deploy.setEnv("prod");
        j.assertEqualDataBoundBeans(deploy, new StepConfigTester(j).configRoundTrip(deploy));

        UniformRollbackStep rollback = new UniformRollbackStep("staging");
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
