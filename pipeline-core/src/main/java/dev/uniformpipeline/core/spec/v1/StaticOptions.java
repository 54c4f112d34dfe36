package dev.uniformpipeline.core.spec.v1;

/**
 * Static site options (YAML key {@code static}).
 *
 * @param dir         directory with the site, relative to the context; default {@code dist}
 * @param buildScript npm script run first (e.g. {@code build}); null runs none
 * @param root        where the files go in the image; default {@code /usr/share/nginx/html}
 */
public record StaticOptions(
        @Default("dist") String dir,
        @Nullable String buildScript,
        @Default("/usr/share/nginx/html") String root) {
}
