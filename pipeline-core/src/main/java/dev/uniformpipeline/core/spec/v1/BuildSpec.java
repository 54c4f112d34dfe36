package dev.uniformpipeline.core.spec.v1;

import java.util.List;
import java.util.Map;

/**
 * How the image is built (daemonless, reproducible). The builder-specific section ({@code maven},
 * {@code gradle}, ...) may only be given for the chosen builder, or with {@code builder: auto}.
 *
 * @param builder    {@code auto} detects from the source tree; otherwise the builder to use
 * @param baseImage  base image reference, e.g. {@code eclipse-temurin:21-jre}; null lets the builder choose
 * @param platforms  {@code os/arch[/variant]} platforms, e.g. {@code linux/amd64}; empty (the default) builds
 *                   the base's linux/amd64 and linux/arm64 when the base is an image index offering them, else
 *                   the base's one platform (linux/amd64 for scratch)
 * @param context    directory inside the checkout to build, relative; default {@code .}
 * @param maven      Maven options
 * @param gradle     Gradle options
 * @param jar        plain jar options
 * @param node       Node.js options
 * @param python     Python options
 * @param go         Go options
 * @param staticSite static site options (YAML key {@code static})
 * @param layers     explicit layers, required for {@code builder: layers}
 * @param entrypoint image entrypoint; empty lets the builder choose
 * @param cmd        image default arguments
 * @param env        image environment variables
 * @param user       user (name or uid[:gid]) the container runs as
 * @param workdir    working directory in the image
 * @param ports      ports the image exposes
 * @param labels     image labels, added to the OCI labels derived from git
 */
public record BuildSpec(
        @Default("auto") BuilderType builder,
        @Nullable String baseImage,
        List<String> platforms,
        @Default(".") String context,
        @Nullable MavenOptions maven,
        @Nullable GradleOptions gradle,
        @Nullable JarOptions jar,
        @Nullable NodeOptions node,
        @Nullable PythonOptions python,
        @Nullable GoOptions go,
        @Nullable @Key("static") StaticOptions staticSite,
        List<LayerSpec> layers,
        List<String> entrypoint,
        List<String> cmd,
        Map<String, String> env,
        @Nullable String user,
        @Nullable String workdir,
        List<Integer> ports,
        Map<String, String> labels) {

    public BuildSpec {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        layers = layers == null ? List.of() : List.copyOf(layers);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? Map.of() : Util.copy(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        labels = labels == null ? Map.of() : Util.copy(labels);
    }
}
