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
 */
public record RunSettings(String file, List<String> targets, String profile, Map<String, String> sets,
                          boolean dryRun, Map<String, String> environment, Set<String> secrets, String reportFile,
                          Stage lastStage)
        implements Serializable {
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
                + ", dryRun=" + dryRun + ", reportFile=" + reportFile + ", lastStage=" + lastStage + "]";
    }
}
