package dev.uniformpipeline.core.build;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The builders, in detection order. A new builder is one line here. */
public final class BuildStrategies {
    private BuildStrategies() { }

    /** Every strategy, most specific first. */
    public static List<BuildStrategy> all() {
        return List.of(
                new ExplicitLayersStrategy(),
                new MavenStrategy(),
                new GradleStrategy(),
                new NodeStrategy(),
                new PythonStrategy(),
                new GoStrategy(),
                new JarStrategy(),
                new StaticSiteStrategy());
    }

    /** The strategy named {@code name}, or the first that detects the tree for {@code auto}. */
    public static BuildStrategy select(BuildContext context) throws BuildException {
        String wanted = context.request().builder();
        if (!wanted.equals("auto")) {
            Optional<BuildStrategy> named = all().stream().filter(s -> s.name().equals(wanted)).findFirst();
            return named.orElseThrow(() -> new BuildException(BuildException.Reason.NO_BUILDER, "build.builder: unknown"
                    + " builder '" + wanted + "'; use auto or one of " + names()));
        }
        for (BuildStrategy s : all()) {
            if (s.detect(context)) {
                context.listener().step("detected builder " + s.name());
                return s;
            }
        }
        throw new BuildException(BuildException.Reason.NO_BUILDER, "build.builder: no builder recognises "
                + context.root() + " (looked for explicit layers, pom.xml, build.gradle, package.json,"
                + " requirements.txt/pyproject.toml, go.mod, a *.jar, index.html); set build.builder to one of "
                + names() + " or declare build.layers");
    }

    static String names() {
        return all().stream().map(BuildStrategy::name).collect(Collectors.joining(", "));
    }
}
