package dev.uniformpipeline.core.build;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes base images on this machine, with no registry: public images cannot be pulled here, so bases are assembled
 * from files the machine has and built with jib-core from scratch into a {@link LocalBaseImages} store.
 * <ul>
 *   <li>{@link #busybox(Path)}: {@code local:busybox}, Debian's static busybox ({@code busybox-static}) as
 *       {@code /bin/busybox} and {@code /bin/sh}, plus {@code /etc/passwd} with a {@code nonroot} user (65532),
 *       {@code /tmp} and {@code /home/nonroot};</li>
 *   <li>{@link #jre(String, Path, List)}: {@code local:jre17} (or another name), a JRE made with jlink from a JDK,
 *       in {@code /opt/java}, plus the shared libraries it links (found with ldd) and the loader;</li>
 *   <li>{@link #executables(String, Map, Map)}: any dynamically linked programs plus their libraries (for example
 *       {@code local:node} from {@code /usr/bin/node}).</li>
 * </ul>
 * Every base is reproducible for the same input files: fixed times, owners and order.
 */
public final class BaseImageMaker {
    /** Modules of the default JRE: enough for typical services (HTTP, JDBC, logging, JMX, TLS with EC). */
    public static final List<String> DEFAULT_JRE_MODULES = List.of("java.base", "java.logging", "java.naming",
            "java.net.http", "java.sql", "java.xml", "java.management", "java.instrument", "java.security.jgss",
            "jdk.crypto.ec", "jdk.httpserver", "jdk.unsupported", "jdk.zipfs");
    private static final Pattern LDD_ARROW = Pattern.compile("^\\s*\\S+\\s+=>\\s+(/\\S+)\\s+\\(0x[0-9a-f]+\\)");
    private static final Pattern LDD_PLAIN = Pattern.compile("^\\s*(/\\S+)\\s+\\(0x[0-9a-f]+\\)");
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
            + "nonroot:x:65532:65532:nonroot:/home/nonroot:/bin/sh\n";
    private static final String GROUP = "root:x:0:\nnonroot:x:65532:\n";

    private final LocalBaseImages store;
    private final Path workDir;
    private final BuildListener listener;

    public BaseImageMaker(LocalBaseImages store, Path workDir, BuildListener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Names {@link #makeKnown(String)} can make without further input. */
    public static final List<String> KNOWN = List.of("busybox", "jre<N> (e.g. jre17)", "node");

    /**
     * Makes a well-known local base from what this machine has: {@code busybox} from /bin/busybox (Debian
     * busybox-static), {@code jre<N>} with jlink from a JDK of feature version N (the running one, else
     * /usr/lib/jvm/java-N-openjdk-*), {@code node} from the node on the PATH.
     *
     * @return the base, or empty when {@code name} is not a known base
     */
    public java.util.Optional<BaseImage.Local> makeKnown(String name) throws BuildException {
        if (name.equals("busybox")) {
            return java.util.Optional.of(busybox(Path.of("/bin/busybox")));
        }
        Matcher jre = Pattern.compile("jre(\\d+)").matcher(name);
        if (jre.matches()) {
            int feature = Integer.parseInt(jre.group(1));
            return java.util.Optional.of(jre(name, jdkHome(feature), DEFAULT_JRE_MODULES));
        }
        if (name.equals("node")) {
            Path node = onPath("node");
            return java.util.Optional.of(executables("node", Map.of(node, "/usr/local/bin/node"), Map.of()));
        }
        return java.util.Optional.empty();
    }

    private static Path jdkHome(int feature) throws BuildException {
        if (Runtime.version().feature() == feature) {
            Path home = Path.of(System.getProperty("java.home"));
            if (Files.isExecutable(home.resolve("bin/jlink"))) {
                return home;
            }
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                java.util.Optional<Path> found = dirs.sorted()
                        .filter(d -> d.getFileName().toString().startsWith("java-" + feature + "-"))
                        .filter(d -> Files.isExecutable(d.resolve("bin/jlink"))).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                // fall through to the error
            }
        }
        throw new BuildException(BuildException.Reason.TOOL_MISSING, "local:jre" + feature + " needs a JDK " + feature
                + " with jlink (Debian: openjdk-" + feature + "-jdk-headless); install it or use another base");
    }

    private static Path onPath(String tool) throws BuildException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir, tool);
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    try {
                        return p.toRealPath();
                    } catch (IOException e) {
                        return p;
                    }
                }
            }
        }
        throw new BuildException(BuildException.Reason.TOOL_MISSING, tool + " is not on the PATH; install it to make"
                + " local:" + tool);
    }

    /** {@code local:busybox} from a static busybox binary (Debian: /bin/busybox from busybox-static). */
    public BaseImage.Local busybox(Path busyboxBinary) throws BuildException {
        requireFile(busyboxBinary, "busybox-static");
        Path etc = scaffold("busybox");
        FileEntriesLayer layer = FileEntriesLayer.builder().setName("busybox")
                .addEntry(busyboxBinary, AbsoluteUnixPath.get("/bin/busybox"), exec(), time())
                .addEntry(busyboxBinary, AbsoluteUnixPath.get("/bin/sh"), exec(), time())
                .addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), file(), time())
                .addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), file(), time())
                .addEntry(etc.resolve("empty"), AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"),
                        time())
                .addEntry(etc.resolve("empty"), AbsoluteUnixPath.get("/home/nonroot"), dir(), time(), "65532:65532")
                .build();
        return make("busybox", List.of(layer), Map.of("PATH", "/bin:/usr/bin"), List.of("/bin/sh"));
    }

    /**
     * A JRE base made with {@code <javaHome>/bin/jlink} (the machine's JDK) from {@code modules}, in /opt/java with
     * the libraries it links; also carries the busybox-free minimum (/etc/passwd, /tmp).
     */
    public BaseImage.Local jre(String name, Path javaHome, List<String> modules) throws BuildException {
        LocalBaseImages.checkName(name);
        Path jlink = javaHome.resolve("bin/jlink");
        requireFile(jlink, "a JDK (openjdk-17-jdk-headless)");
        Path out = workDir.resolve("jlink-" + name);
        deleteRecursively(out);
        runTool(List.of(jlink.toString(), "--add-modules", String.join(",", modules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--compress=2", "--output", out.toString()));
        List<Path> elfs = new ArrayList<>();
        FileEntriesLayer.Builder jre = FileEntriesLayer.builder().setName("jre");
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.sorted().toList()) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                Path real = p.toRealPath();
                String target = "/opt/java/" + out.relativize(p).toString().replace('\\', '/');
                boolean executable = Files.isExecutable(real);
                jre.addEntry(real, AbsoluteUnixPath.get(target), executable ? exec() : file(), time());
                String n = p.getFileName().toString();
                if (n.endsWith(".so") || (executable && p.getParent().getFileName().toString().equals("bin"))) {
                    elfs.add(p);
                }
            }
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read the jlink output " + out, e);
        }
        FileEntriesLayer libs = librariesLayer(elfs, out);
        Path etc = scaffold(name);
        FileEntriesLayer system = systemLayer(etc);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/opt/java/bin:/bin:/usr/bin");
        env.put("JAVA_HOME", "/opt/java");
        return make(name, List.of(system, libs, jre.build()), env, List.of("java", "-version"));
    }

    /**
     * A base with the given host executables (host path → image path) and every library they link.
     */
    public BaseImage.Local executables(String name, Map<Path, String> programs, Map<String, String> env)
            throws BuildException {
        LocalBaseImages.checkName(name);
        FileEntriesLayer.Builder bins = FileEntriesLayer.builder().setName("programs");
        List<Path> elfs = new ArrayList<>();
        for (Map.Entry<Path, String> e : new TreeMap<>(programs).entrySet()) {
            requireFile(e.getKey(), e.getKey().toString());
            bins.addEntry(real(e.getKey()), AbsoluteUnixPath.get(e.getValue()), exec(), time());
            elfs.add(e.getKey());
        }
        FileEntriesLayer libs = librariesLayer(elfs, null);
        FileEntriesLayer system = systemLayer(scaffold(name));
        Map<String, String> fullEnv = new LinkedHashMap<>();
        fullEnv.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        fullEnv.putAll(env);
        return make(name, List.of(system, libs, bins.build()), fullEnv, List.of());
    }

    private FileEntriesLayer systemLayer(Path etc) {
        return FileEntriesLayer.builder().setName("system")
                .addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), file(), time())
                .addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), file(), time())
                .addEntry(etc.resolve("empty"), AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"),
                        time())
                .addEntry(etc.resolve("empty"), AbsoluteUnixPath.get("/home/nonroot"), dir(), time(), "65532:65532")
                .build();
    }

    /** The shared libraries (and loader) that {@code elfs} link, excluding those inside {@code own}. */
    private FileEntriesLayer librariesLayer(List<Path> elfs, Path own) throws BuildException {
        TreeMap<String, Path> libs = new TreeMap<>();
        for (Path elf : elfs) {
            for (String lib : ldd(elf)) {
                Path p = Path.of(lib);
                if (own != null && p.normalize().startsWith(own)) {
                    continue;
                }
                libs.put(lib, p);
            }
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("libraries");
        for (Map.Entry<String, Path> e : libs.entrySet()) {
            layer.addEntry(real(e.getValue()), AbsoluteUnixPath.get(e.getKey()), exec(), time());
        }
        listener.step("base image libraries: " + libs.keySet());
        return layer.build();
    }

    /** Library paths that {@code ldd} lists for {@code elf}; none for static or non-ELF files. */
    List<String> ldd(Path elf) throws BuildException {
        List<String> libs = new ArrayList<>();
        Process p;
        try {
            p = new ProcessBuilder("ldd", elf.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.TOOL_MISSING, "ldd is not available (Debian package"
                    + " libc-bin); it is needed to find the libraries of " + elf, e);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher arrow = LDD_ARROW.matcher(line);
                Matcher plain = LDD_PLAIN.matcher(line);
                if (arrow.find()) {
                    libs.add(arrow.group(1));
                } else if (plain.find()) {
                    libs.add(plain.group(1));
                }
            }
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot run ldd on " + elf, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(BuildException.Reason.IO, "interrupted while running ldd", e);
        }
        return libs;
    }

    private BaseImage.Local make(String name, List<FileEntriesLayer> layers, Map<String, String> env,
                                 List<String> cmd) throws BuildException {
        try {
            Files.createDirectories(store.dir());
            Path tar = store.tarOf(name);
            Path tmpTar = store.dir().resolve(name + ".tar.tmp");
            JibContainerBuilder builder = Jib.fromScratch()
                    .setFormat(ImageFormat.Docker)
                    .setFileEntriesLayers(layers)
                    .setEnvironment(env)
                    .setCreationTime(Instant.EPOCH)
                    .addLabel("org.opencontainers.image.title", "uniform-pipeline local base " + name)
                    .addLabel("org.opencontainers.image.created", Instant.EPOCH.toString());
            if (!cmd.isEmpty()) {
                builder.setProgramArguments(cmd);
            }
            Containerizer containerizer = Containerizer.to(TarImage.at(tmpTar).named("uniform-local/" + name))
                    .setBaseImageLayersCache(workDir.resolve("jib-base-cache"))
                    .setApplicationLayersCache(workDir.resolve("jib-app-cache"))
                    .setToolName("uniform-pipeline");
            JibContainer container = builder.containerize(containerizer);
            Files.move(tmpTar, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            String digest = container.getDigest().toString();
            store.store(name, digest);
            listener.step("made base image " + LocalBaseImages.PREFIX + name + " (" + digest + ") in " + tar);
            return new BaseImage.Local(name, tar, digest);
        } catch (InvalidImageReferenceException | CacheDirectoryCreationException | RegistryException
                 | ExecutionException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot make base image " + name + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot write base image " + name + " to "
                    + store.dir() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(BuildException.Reason.IO, "interrupted while making base image " + name, e);
        }
    }

    private Path scaffold(String name) throws BuildException {
        Path etc = workDir.resolve("scaffold-" + name);
        try {
            Files.createDirectories(etc.resolve("empty"));
            Files.writeString(etc.resolve("passwd"), PASSWD, StandardCharsets.UTF_8);
            Files.writeString(etc.resolve("group"), GROUP, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot write " + etc, e);
        }
        return etc;
    }

    private void runTool(List<String> command) throws BuildException {
        try {
            Files.createDirectories(workDir); // the tool runs in it: a missing folder fails as "cannot run program"
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot create " + workDir, e);
        }
        new ToolRunner(listener, Duration.ofMinutes(10)).run(command, workDir, Map.of(),
                "check the JDK installation");
    }

    private static void requireFile(Path file, String debianPackage) throws BuildException {
        if (!Files.isRegularFile(file)) {
            throw new BuildException(BuildException.Reason.TOOL_MISSING, file + " does not exist; install "
                    + debianPackage + " (apt-get install -y ...) or pass the right path");
        }
    }

    private static Path real(Path p) throws BuildException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot resolve " + p, e);
        }
    }

    static void deleteRecursively(Path dir) throws BuildException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot delete " + dir, e);
        }
    }

    private static FilePermissions exec() {
        return FilePermissions.fromOctalString("755");
    }

    private static FilePermissions file() {
        return FilePermissions.fromOctalString("644");
    }

    private static FilePermissions dir() {
        return FilePermissions.fromOctalString("755");
    }

    private static Instant time() {
        return FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
    }
}
