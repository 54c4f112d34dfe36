package dev.uniformpipeline.core.source;

import java.util.regex.Pattern;

/** Removes user info (user:token@) from URLs before they go into messages or events. */
public final class Redaction {
    private static final Pattern USER_INFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)[^/@]*@");

    private Redaction() { }

    /** {@code https://user:secret@host/x} becomes {@code https://***@host/x}; other strings are returned as is. */
    public static String url(String url) {
        if (url == null) {
            return "";
        }
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }

    /** Replaces every occurrence of {@code secret} in {@code text} (if both are non-empty) by {@code ***}. */
    public static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "***");
    }
}
