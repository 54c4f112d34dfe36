package hudson;

import java.io.IOException;

/** Declaration of {@code hudson.AbortException}: a failure whose message is shown without a stack trace. */
public final class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
