package dev.uniformpipeline.localcloud.logs;

import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.support.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs term filter patterns for unstructured events: {@code ERROR} (contains the term),
 * {@code ERROR Exception} (all terms), {@code "Connection refused"} (exact phrase), {@code ?ERROR ?WARN} (any
 * of the terms) and {@code -DEBUG} (excluded term). Matching is case-sensitive, as on AWS. JSON
 * ({@code { $.x = ... }}) and space-delimited ({@code [a, b]}) patterns are not supported and are rejected.
 */
final class FilterPattern {
    private final List<String> all = new ArrayList<>();
    private final List<String> any = new ArrayList<>();
    private final List<String> none = new ArrayList<>();

    static FilterPattern parse(String text, Fields f) throws AwsException {
        FilterPattern p = new FilterPattern();
        if (text == null || text.isBlank()) {
            return p;
        }
        String t = text.trim();
        if (t.startsWith("{") || t.startsWith("[")) {
            throw f.invalid("local-cloud supports term filter patterns only (terms, \"phrases\", ?any, -exclude), "
                    + "not JSON or space-delimited patterns: " + text);
        }
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            char kind = ' ';
            if (c == '?' || c == '-') {
                kind = c;
                i++;
            }
            String term;
            if (i < t.length() && t.charAt(i) == '"') {
                int end = t.indexOf('"', i + 1);
                if (end < 0) {
                    throw f.invalid("Invalid filter pattern (unterminated quote): " + text);
                }
                term = t.substring(i + 1, end);
                i = end + 1;
            } else {
                int end = i;
                while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
                    end++;
                }
                term = t.substring(i, end);
                i = end;
            }
            if (term.isEmpty()) {
                continue;
            }
            switch (kind) {
                case '?' -> p.any.add(term);
                case '-' -> p.none.add(term);
                default -> p.all.add(term);
            }
        }
        return p;
    }

    boolean matches(String message) {
        for (String s : all) {
            if (!message.contains(s)) {
                return false;
            }
        }
        for (String s : none) {
            if (message.contains(s)) {
                return false;
            }
        }
        if (!any.isEmpty()) {
            for (String s : any) {
                if (message.contains(s)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
