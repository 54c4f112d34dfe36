package dev.uniformpipeline.core.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Maven core extension jar (module maven-classpath-extension, copied into this package at build time) on disk,
 * for {@code -Dmaven.ext.class.path}: written once to the temp folder under a name that holds its hash.
 */
final class ClasspathExtension {
    static final String RESOURCE = "uniform-maven-classpath-extension.jar";
    private static Path jar;
    private static boolean tried;

    private ClasspathExtension() {
    }

    /** The jar's path, or null when this build of the core has no extension or it cannot be written. */
    static synchronized Path jar() {
        if (!tried) {
            tried = true;
            jar = write();
        }
        return jar;
    }

    private static Path write() {
        try (InputStream in = ClasspathExtension.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            Path target = Path.of(System.getProperty("java.io.tmpdir"), "uniform-maven-ext-" + hash + ".jar");
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Path tmp = Files.createTempFile(target.getParent(), "uniform-maven-ext", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
