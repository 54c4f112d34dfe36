package dev.uniformpipeline.jenkins;

import hudson.model.TaskListener;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A TaskListener whose logger masks the given secrets before they reach the wrapped listener's console. */
public final class MaskingTaskListener implements TaskListener {
    private static final long serialVersionUID = 1L;
    private final TaskListener delegate;
    private final SecretMasker masker;
    private transient PrintStream logger;

    public MaskingTaskListener(TaskListener delegate, SecretMasker masker) {
        this.delegate = delegate;
        this.masker = masker;
    }

    @Override
    public synchronized PrintStream getLogger() {
        if (logger == null) {
            logger = new PrintStream(new MaskingOutputStream(delegate.getLogger(), masker), true,
                    StandardCharsets.UTF_8);
        }
        return logger;
    }

    public SecretMasker masker() {
        return masker;
    }
}
