package dev.uniformpipeline.core.build;

/**
 * Gradle is detected so that a Gradle project gets a clear message rather than the static or jar builder; running
 * Gradle is not implemented yet.
 */
final class GradleStrategy implements BuildStrategy {
    @Override
    public String name() {
        return "gradle";
    }

    @Override
    public boolean detect(BuildContext context) {
        return context.tree().has("build.gradle") || context.tree().has("build.gradle.kts")
                || context.tree().has("settings.gradle") || context.tree().has("settings.gradle.kts");
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        throw new BuildException(BuildException.Reason.NOT_IMPLEMENTED, "builder gradle is not implemented yet: run"
                + " 'gradle build' before the pipeline and set build.builder: jar (one jar in build/libs), or declare"
                + " build.layers");
    }
}
