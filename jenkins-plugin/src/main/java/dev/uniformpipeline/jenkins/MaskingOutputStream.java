package dev.uniformpipeline.jenkins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Masks secrets line by line before they reach the build console. Bytes are held until a line ends (or the stream is
 * flushed with a partial line at close), so a secret split across writes is still masked.
 */
public final class MaskingOutputStream extends OutputStream {
    private final OutputStream out;
    private final SecretMasker masker;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public MaskingOutputStream(OutputStream out, SecretMasker masker) {
        this.out = out;
        this.masker = masker;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void emit() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        out.write(masker.mask(text).getBytes(StandardCharsets.UTF_8));
    }

    /** Passes complete lines on; a partial line waits for its end (or {@link #close()}). */
    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            emit();
        }
        out.flush();
    }
}
