package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.Stage;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the agent needs to run the engine: the step's arguments, the build environment plus credential values, and
 * the secret values to mask. Shipped to the agent inside {@link UniformRunCallable}.
 *
 * @param file        the pipeline file, relative to the workspace
 * @param profile     the {@code env} profile, or null
 * @param reportFile  where the JSON report is written, relative to the workspace
 * @param lastStage   the last stage the engine runs ({@link Stage#PUSH} for {@code uniformBuild})
 * @param image       for {@code uniformDeploy}: the digest reference to deploy (checkout, build, push are skipped);
 *                    else null
 * @param rollbackTarget for {@code uniformRollback}: the target to roll back; else null
 * @param gitSshKey   a Jenkins SSH key for the checkout, written to a private temp file on the agent for the run
 *                    only; null if none
 */
public record RunSettings(String file, List<String> targets, String profile, Map<String, String> sets,
                          boolean dryRun, Map<String, String> environment, Set<String> secrets, String reportFile,
                          Stage lastStage, String image, String rollbackTarget, CredentialResolver.SshKey gitSshKey)
        implements Serializable {
    /** Settings for a run from the source up to {@code lastStage}. */
    public RunSettings(String file, List<String> targets, String profile, Map<String, String> sets, boolean dryRun,
                       Map<String, String> environment, Set<String> secrets, String reportFile, Stage lastStage) {
        this(file, targets, profile, sets, dryRun, environment, secrets, reportFile, lastStage, null, null, null);
    }

    /** Settings for a whole run (up to {@link Stage#VERIFY}). */
    public RunSettings(String file, List<String> targets, String profile, Map<String, String> sets, boolean dryRun,
                       Map<String, String> environment, Set<String> secrets, String reportFile) {
        this(file, targets, profile, sets, dryRun, environment, secrets, reportFile, Stage.VERIFY);
    }

    public RunSettings {
        lastStage = lastStage == null ? Stage.VERIFY : lastStage;
        targets = List.copyOf(targets);
        sets = new LinkedHashMap<>(sets);
        environment = Map.copyOf(environment);
        secrets = Set.copyOf(secrets);
    }

    /** Never shows environment values (they carry credentials). */
    @Override
    public String toString() {
        return "RunSettings[file=" + file + ", targets=" + targets + ", profile=" + profile + ", sets=" + sets
                + ", dryRun=" + dryRun + ", reportFile=" + reportFile + ", lastStage=" + lastStage
                + (image == null ? "" : ", image=" + image)
                + (rollbackTarget == null ? "" : ", rollbackTarget=" + rollbackTarget)
                + (gitSshKey == null ? "" : ", gitSshKey=" + gitSshKey) + "]";
    }
}
