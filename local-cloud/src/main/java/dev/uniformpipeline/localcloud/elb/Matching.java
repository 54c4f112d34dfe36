package dev.uniformpipeline.localcloud.elb;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How an ALB listener rule's conditions match a request (values OR-ed within a condition, conditions AND-ed). */
final class Matching {
    private Matching() {
    }

    /** What rules look at; header names are lower case. */
    record Request(String method, String path, String rawQuery, String host, Map<String, List<String>> headers,
            InetAddress source) {
    }

    static boolean matches(List<Model.Condition> conditions, Request r) {
        for (Model.Condition c : conditions) {
            if (!matches(c, r)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Model.Condition c, Request r) {
        switch (c.field) {
            case "path-pattern":
                return c.values.stream().anyMatch(v -> glob(v, r.path(), false));
            case "host-header": {
                String host = r.host() == null ? "" : stripPort(r.host());
                return c.values.stream().anyMatch(v -> glob(v, host, true));
            }
            case "http-header": {
                List<String> actual = r.headers().getOrDefault(c.httpHeaderName.toLowerCase(Locale.ROOT), List.of());
                return c.values.stream().anyMatch(v -> actual.stream().anyMatch(a -> glob(v, a, true)));
            }
            case "http-request-method":
                return c.values.contains(r.method());
            case "query-string": {
                List<String[]> query = parseQuery(r.rawQuery());
                for (String[] pair : c.queryPairs) {
                    for (String[] q : query) {
                        boolean keyOk = pair[0] == null || glob(pair[0], q[0], true);
                        if (keyOk && glob(pair[1], q[1], true)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            case "source-ip":
                return c.values.stream().anyMatch(cidr -> inCidr(cidr, r.source()));
            default:
                return false;
        }
    }

    /** The value of a request cookie, or null. */
    static String cookie(Request r, String name) {
        for (String header : r.headers().getOrDefault("cookie", List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return part.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    /** {@code *} matches any run of characters, {@code ?} exactly one. */
    static boolean glob(String pattern, String text, boolean ignoreCase) {
        if (text == null) {
            return false;
        }
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String t = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    static int wildcards(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '*' || s.charAt(i) == '?') {
                n++;
            }
        }
        return n;
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    static List<String[]> parseQuery(String raw) {
        List<String[]> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.add(new String[] {decode(k), decode(v)});
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Parses {@code a.b.c.d/n} or an IPv6 CIDR; returns false for anything malformed. */
    static boolean inCidr(String cidr, InetAddress address) {
        if (address == null) {
            return false;
        }
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        try {
            byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            byte[] addr = address.getAddress();
            if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    static boolean validCidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String ip = cidr.substring(0, slash);
        if (!ip.matches("[0-9.]+") && !ip.contains(":")) {
            return false;
        }
        try {
            byte[] net = InetAddress.getByName(ip).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            return bits >= 0 && bits <= net.length * 8;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
