package dev.uniformpipeline.jenkins;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MaskingTest {
    @Test
    void aSecretSplitAcrossWritesIsStillMasked() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        MaskingOutputStream out = new MaskingOutputStream(sink, new SecretMasker(List.of("hunter2-secret")));
        out.write("token=hunt".getBytes(StandardCharsets.UTF_8));
        out.write("er2-secret and more\nnext ".getBytes(StandardCharsets.UTF_8));
        out.write("hunter2-secret".getBytes(StandardCharsets.UTF_8));
        out.close();

        assertEquals("token=**** and more\nnext ****", sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLongerOfTwoOverlappingSecretsIsMaskedWhole() {
        SecretMasker m = new SecretMasker(List.of("abc", "abcdef", "x"));
        assertEquals("**** and **** and x", m.mask("abcdef and abc and x"));
    }

    @Test
    void theMaskingListenerMasksWhatGoesToTheWrappedConsole() {
        OfflineBuild.Console console = new OfflineBuild.Console();
        PrintStream out = new MaskingTaskListener(console, new SecretMasker(List.of("s3cr3t-value"))).getLogger();
        out.println("password is s3cr3t-value");
        assertEquals("password is ****" + System.lineSeparator(), console.text());
    }
}
