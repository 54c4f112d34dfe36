package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Test helper: unpacks an image's layers into a folder and runs a command in it with chroot (needs root). */
final class RootFs {
    private RootFs() { }

    static Path unpack(OciTar image, Path dir) throws IOException {
        for (Map<String, OciTar.Entry> layer : image.layers) {
            for (OciTar.Entry e : layer.values()) {
                Path p = dir.resolve(e.name());
                if (e.type() == '5') {
                    Files.createDirectories(p);
                } else if (e.type() == '0') {
                    Files.createDirectories(p.getParent());
                    Files.write(p, e.content());
                    Files.setPosixFilePermissions(p, perms(e.mode()));
                } else if (e.type() == '2') {
                    Files.createDirectories(p.getParent());
                    Files.deleteIfExists(p);
                    Files.createSymbolicLink(p, Path.of(new String(e.content(), StandardCharsets.UTF_8)));
                }
            }
        }
        return dir;
    }

    /**
     * Runs {@code command} inside {@code root} with chroot, in a private mount namespace with /proc mounted (as in a
     * container: the dynamic loader resolves $ORIGIN through /proc/self/exe). Returns exit code and output.
     */
    static Result run(Path root, List<String> command, Map<String, String> env) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        List<String> full = new java.util.ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                "/bin/sh", "-c", "mount -t proc proc \"$0/proc\" && exec chroot \"$0\" \"$@\"", root.toString()));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", env.getOrDefault("PATH", "/bin") + ":/usr/sbin:/usr/bin:/sbin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + full);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) { }

    private static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }
}
