package dev.uniformpipeline.jenkins;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The agent-side key file: only its owner can read it, and it is gone after the run. */
class PrivateKeyFileTest {
    @Test
    void theKeyIsWrittenOwnerOnlyWithAFinalNewlineAndDeletedWithItsDirectory() throws Exception {
        Path dir = PrivateKeyFile.createDirectory();
        Path key = PrivateKeyFile.write(dir, "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n",
                Files.readString(key));

        PrivateKeyFile.delete(dir);

        assertFalse(Files.exists(key));
        assertFalse(Files.exists(dir));
    }
}
