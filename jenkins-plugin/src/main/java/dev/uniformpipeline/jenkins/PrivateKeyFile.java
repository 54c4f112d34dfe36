package dev.uniformpipeline.jenkins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Jenkins ssh key on the agent, for one run: a temp directory only the agent's user can enter (0700) holding the
 * key file only that user can read (0600), deleted when the run ends. The key text is never logged.
 */
final class PrivateKeyFile {
    static final String FILE_NAME = "id_key";

    private PrivateKeyFile() {
    }

    static Path createDirectory() throws IOException {
        if (posix()) {
            return Files.createTempDirectory("uniform-git-ssh-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Path dir = Files.createTempDirectory("uniform-git-ssh-");
        ownerOnly(dir);
        return dir;
    }

    /** Writes the key (with a final newline, which OpenSSH key parsers expect) readable by the owner only. */
    static Path write(Path dir, String privateKey) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        String text = privateKey.endsWith("\n") ? privateKey : privateKey + "\n";
        if (posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(file);
            ownerOnly(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }

    /** Deletes the directory and the key; never throws (a failure to delete is not the run's failure). */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    p.toFile().deleteOnExit();
                }
            });
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void ownerOnly(Path p) {
        java.io.File f = p.toFile();
        f.setReadable(false, false);
        f.setWritable(false, false);
        f.setExecutable(false, false);
        f.setReadable(true, true);
        f.setWritable(true, true);
        f.setExecutable(Files.isDirectory(p), true);
    }
}
