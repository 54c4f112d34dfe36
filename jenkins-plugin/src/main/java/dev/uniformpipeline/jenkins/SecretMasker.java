package dev.uniformpipeline.jenkins;

import java.io.Serializable;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces every occurrence of a secret value with {@code ****}. Longest secrets first, so none leaks in part. */
public final class SecretMasker implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String MASK = "****";
    /** Values this short would mask ordinary words; they are not masked (and should not be secrets). */
    static final int MIN_LENGTH = 3;

    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }
}
