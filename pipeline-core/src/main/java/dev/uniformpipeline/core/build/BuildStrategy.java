package dev.uniformpipeline.core.build;

/**
 * Turns one kind of source tree into layers. A new builder is a new class plus one line in
 * {@link BuildStrategies#all()}.
 */
public interface BuildStrategy {
    /** The name used in {@code build.builder} ("maven", "node", ...). */
    String name();

    /** Whether this strategy recognises the tree (checked in {@link BuildStrategies#all()} order). */
    boolean detect(BuildContext context);

    /** Runs the project's tool if needed and lays out the layers. */
    BuildPlan plan(BuildContext context) throws BuildException;
}
