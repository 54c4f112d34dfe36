package hudson.util;

import java.io.Serializable;

/** Declaration of {@code hudson.util.Secret} (offline: kept in clear memory; Jenkins encrypts it at rest). */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    public String getPlainText() {
        return value;
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.getPlainText();
    }

    @Override
    public String toString() {
        return value;
    }
}
