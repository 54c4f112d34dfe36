package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of base images made on this machine: {@code <name>.tar} (Docker-format tar, as jib reads a base) plus
 * {@code <name>.digest}. Referenced as {@code local:<name>} in {@code build.baseImage}. Default folder:
 * {@code $UNIFORM_BASE_IMAGES}, else {@code ~/.cache/uniform-pipeline/base-images}.
 */
public final class LocalBaseImages {
    public static final String PREFIX = "local:";
    public static final String DIR_ENV = "UNIFORM_BASE_IMAGES";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Path dir;

    public LocalBaseImages(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The store named by {@value #DIR_ENV}, else the per-user cache folder. */
    public static LocalBaseImages fromEnvironment(Map<String, String> env) {
        String d = env.get(DIR_ENV);
        if (d != null && !d.isBlank()) {
            return new LocalBaseImages(Path.of(d));
        }
        return new LocalBaseImages(Path.of(System.getProperty("user.home"), ".cache", "uniform-pipeline",
                "base-images"));
    }

    public Path dir() {
        return dir;
    }

    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("local base image name '" + name
                    + "' must be lowercase letters, digits, '.', '_' or '-'");
        }
    }

    Path tarOf(String name) {
        return dir.resolve(name + ".tar");
    }

    Path digestOf(String name) {
        return dir.resolve(name + ".digest");
    }

    /** Records a made base. */
    void store(String name, String digest) throws IOException {
        Files.writeString(digestOf(name), digest + "\n", StandardCharsets.UTF_8);
    }

    /** Whether {@code local:<name>} exists. */
    public boolean has(String name) {
        return Files.isRegularFile(tarOf(name)) && Files.isRegularFile(digestOf(name));
    }

    /** The names present. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".digest"))
                    .map(n -> n.substring(0, n.length() - ".digest".length())).filter(this::has).sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            return names;
        }
        return names;
    }

    /** Resolves {@code local:<name>}. */
    public BaseImage.Local resolve(String reference) throws BuildException {
        String name = reference.startsWith(PREFIX) ? reference.substring(PREFIX.length()) : reference;
        if (!has(name)) {
            throw new BuildException(BuildException.Reason.UNKNOWN_BASE_IMAGE, "build.baseImage: no local base '"
                    + name + "' in " + dir + " (present: " + names() + "); make it first with BaseImageMaker (for"
                    + " example 'pipeline base-image make " + name + "') or set " + DIR_ENV);
        }
        try {
            String digest = Files.readString(digestOf(name), StandardCharsets.UTF_8).strip();
            return new BaseImage.Local(name, tarOf(name), digest);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read " + digestOf(name), e);
        }
    }
}
