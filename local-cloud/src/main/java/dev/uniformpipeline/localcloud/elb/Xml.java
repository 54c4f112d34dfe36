package dev.uniformpipeline.localcloud.elb;

import java.time.Instant;
import java.util.List;

/** A small writer for the inner XML of an awsQuery result. */
final class Xml {
    private final StringBuilder sb = new StringBuilder();

    Xml open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; skipped when the value is null. */
    Xml el(String name, Object value) {
        if (value != null) {
            String text = value instanceof Instant ? value.toString() : String.valueOf(value);
            sb.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        }
        return this;
    }

    /** A list of strings as {@code <name><member>v</member>..</name>}; skipped when null. */
    Xml members(String name, List<String> values) {
        if (values != null) {
            open(name);
            for (String v : values) {
                el("member", v);
            }
            close(name);
        }
        return this;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
