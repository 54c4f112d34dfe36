package dev.uniformpipeline.core.build;

import java.util.List;
import java.util.Map;

/**
 * A static site: {@code index.html} at the root or in {@code public/}, {@code dist/}, {@code site/},
 * {@code _site/} or {@code build/}. Served by busybox httpd on port 8080 (base {@code local:busybox}).
 */
final class StaticSiteStrategy implements BuildStrategy {
    static final List<String> SITE_DIRS = List.of("dist", "public", "_site", "site", "build", "");

    @Override
    public String name() {
        return "static";
    }

    @Override
    public boolean detect(BuildContext context) {
        return siteDir(context) != null;
    }

    private static String siteDir(BuildContext context) {
        for (String dir : SITE_DIRS) {
            if (context.tree().has(dir.isEmpty() ? "index.html" : dir + "/index.html")) {
                return dir;
            }
        }
        return null;
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        String dir = context.request().options().staticDir();
        if (!dir.isEmpty()) {
            dir = dir.equals(".") ? "" : dir.replaceAll("/+$", "");
            if (!context.tree().has(dir.isEmpty() ? "index.html" : dir + "/index.html")) {
                throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.static.dir: no index.html in "
                        + context.root().resolve(dir) + "; build the site first or fix the folder");
            }
        } else {
            dir = siteDir(context);
        }
        if (dir == null) {
            throw new BuildException(BuildException.Reason.NO_BUILDER, "builder static: no index.html at the root of "
                    + context.root() + " nor in " + SITE_DIRS.subList(0, 5) + "; add one or choose another builder");
        }
        LayerSpec site = new LayerSpec("site", context.tree().entries(dir.isEmpty() ? "." : dir, "/srv/www",
                Excludes.standard()));
        return new BuildPlan(name(), List.of(site),
                List.of("/bin/busybox", "httpd", "-f", "-v", "-p", "8080", "-h", "/srv/www"), List.of(), Map.of(),
                "/srv/www", 8080, "local:busybox");
    }
}
