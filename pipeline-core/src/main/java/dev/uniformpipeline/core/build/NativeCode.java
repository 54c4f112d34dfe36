package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds machine code in a platform-neutral plan: files that only run on the architecture they were built on
 * (Node addons {@code *.node}, Python extension modules {@code *.so}, wheels marked {@code Root-Is-Purelib: false},
 * any ELF file). Such a plan, built on this machine, is refused for other architectures: the layers would carry
 * this machine's binaries into an image labelled for another platform.
 */
final class NativeCode {
    private NativeCode() {
    }

    /** Image paths of the native files in {@code plan} (at most {@code limit}). */
    static List<String> find(BuildPlan plan, int limit) throws BuildException {
        List<String> found = new ArrayList<>();
        for (LayerSpec layer : plan.layers()) {
            for (LayerSpec.Entry e : layer.entries()) {
                if (found.size() >= limit) {
                    return found;
                }
                String t = e.target();
                if (t.endsWith(".node") || t.endsWith(".so") || t.contains(".so.") || isElf(e)
                        || (t.endsWith(".dist-info/WHEEL") && notPure(e))) {
                    found.add(t);
                }
            }
        }
        return found;
    }

    /**
     * Fails when {@code plan} holds native files and {@code platforms} includes one other than this machine's.
     *
     * @param what the builder, for the message ("node_modules", "site-packages")
     */
    static void refuseForeignPlatforms(BuildPlan plan, List<TargetPlatform> platforms, String what)
            throws BuildException {
        TargetPlatform host = TargetPlatform.host();
        List<TargetPlatform> foreign = platforms.stream().filter(p -> !p.equals(host)).toList();
        if (foreign.isEmpty()) {
            return;
        }
        List<String> natives = find(plan, 5);
        if (!natives.isEmpty()) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.platforms: " + foreign
                    + " differ from this machine's " + host + ", but the " + what + " contain native code built"
                    + " here (" + String.join(", ", natives) + "); it would not run there. Build those platforms on"
                    + " a machine of that architecture, use pure-JavaScript/pure-Python packages, or set"
                    + " build.platforms: [" + host + "]");
        }
    }

    private static boolean isElf(LayerSpec.Entry e) {
        try (var in = Files.newInputStream(e.source())) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException ex) {
            return false;
        }
    }

    private static boolean notPure(LayerSpec.Entry e) throws BuildException {
        try {
            return Files.readString(e.source(), StandardCharsets.UTF_8).lines()
                    .anyMatch(l -> l.strip().equalsIgnoreCase("Root-Is-Purelib: false"));
        } catch (IOException ex) {
            throw new BuildException(BuildException.Reason.IO, "cannot read " + e.source(), ex);
        }
    }
}
