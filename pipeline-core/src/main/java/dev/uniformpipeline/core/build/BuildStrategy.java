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

    /** Runs the project's tool if needed and lays out the layers (for this machine's platform). */
    BuildPlan plan(BuildContext context) throws BuildException;

    /**
     * Whether the layers depend on the target platform (compiled binaries). A platform-specific strategy is
     * planned once per platform with {@link #plan(BuildContext, TargetPlatform)}; every other strategy's one plan
     * is shared by all platforms (jars, classes, scripts and static files are architecture-neutral).
     */
    default boolean platformSpecific() {
        return false;
    }

    /** The layers for {@code platform}; only called when {@link #platformSpecific()}. */
    default BuildPlan plan(BuildContext context, TargetPlatform platform) throws BuildException {
        return plan(context);
    }

    /**
     * Refuses a shared (platform-neutral) plan that cannot run on all {@code platforms}, for example native
     * modules compiled for this machine in an image for another architecture. Called once before images are laid
     * out; the default accepts every plan.
     */
    default void checkPlatforms(BuildContext context, BuildPlan plan, java.util.List<TargetPlatform> platforms)
            throws BuildException {
    }
}
