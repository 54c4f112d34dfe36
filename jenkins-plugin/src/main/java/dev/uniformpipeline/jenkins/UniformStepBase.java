package dev.uniformpipeline.jenkins;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The arguments every Uniform Pipeline step shares: which pipeline file, profile, overrides and credentials. */
public abstract class UniformStepBase extends Step {
    public static final String DEFAULT_FILE = "pipeline.yml";
    public static final String DEFAULT_REPORT_FILE = "uniform-report.json";

    private String file = DEFAULT_FILE;
    private List<String> targets = new ArrayList<>();
    private String env;
    private Map<String, String> set = new LinkedHashMap<>();
    private boolean dryRun;
    private String awsCredentialsId;
    private String registryCredentialsId;
    private String gitCredentialsId;
    private String reportFile = DEFAULT_REPORT_FILE;

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = file == null || file.isBlank() ? DEFAULT_FILE : file.strip();
    }

    public List<String> getTargets() {
        return targets;
    }

    @DataBoundSetter
    public void setTargets(List<String> targets) {
        this.targets = targets == null ? new ArrayList<>() : new ArrayList<>(targets);
    }

    public String getEnv() {
        return env;
    }

    /** The environment profile of the pipeline file (e.g. {@code prod}). */
    @DataBoundSetter
    public void setEnv(String env) {
        this.env = env == null || env.isBlank() ? null : env.strip();
    }

    public Map<String, String> getSet() {
        return set;
    }

    @DataBoundSetter
    public void setSet(Map<String, String> set) {
        this.set = new LinkedHashMap<>();
        if (set != null) {
            set.forEach((k, v) -> this.set.put(String.valueOf(k), String.valueOf(v)));
        }
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getAwsCredentialsId() {
        return awsCredentialsId;
    }

    @DataBoundSetter
    public void setAwsCredentialsId(String awsCredentialsId) {
        this.awsCredentialsId = emptyToNull(awsCredentialsId);
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = emptyToNull(registryCredentialsId);
    }

    public String getGitCredentialsId() {
        return gitCredentialsId;
    }

    @DataBoundSetter
    public void setGitCredentialsId(String gitCredentialsId) {
        this.gitCredentialsId = emptyToNull(gitCredentialsId);
    }

    public String getReportFile() {
        return reportFile;
    }

    @DataBoundSetter
    public void setReportFile(String reportFile) {
        this.reportFile = reportFile == null || reportFile.isBlank() ? DEFAULT_REPORT_FILE : reportFile.strip();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
