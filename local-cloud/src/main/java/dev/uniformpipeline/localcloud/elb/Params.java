package dev.uniformpipeline.localcloud.elb;

import dev.uniformpipeline.localcloud.spi.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A view of awsQuery's flat form parameters under a prefix: {@code Names.member.1},
 * {@code Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight}. Member names in errors are
 * lowerCamel as AWS's validation messages spell them.
 */
final class Params {
    private final Map<String, String> map;
    private final String prefix;

    Params(Map<String, String> map) {
        this(map, "");
    }

    private Params(Map<String, String> map, String prefix) {
        this.map = map;
        this.prefix = prefix;
    }

    String get(String name) {
        return map.get(prefix + name);
    }

    /** True when the parameter or any nested member is present. */
    boolean has(String name) {
        String full = prefix + name;
        if (map.containsKey(full)) {
            return true;
        }
        String nested = full + ".";
        for (String k : map.keySet()) {
            if (k.startsWith(nested)) {
                return true;
            }
        }
        return false;
    }

    String required(String name) throws AwsException {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            throw Errors.validation("1 validation error detected: Value null at '" + member(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    Integer integer(String name, int min, int max) throws AwsException {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw Errors.validation("1 validation error detected: Value '" + v + "' at '" + member(name)
                    + "' failed to satisfy constraint: Member must be an integer");
        }
        Errors.range(n, member(name), min, max);
        return n;
    }

    Boolean bool(String name) throws AwsException {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.valueOf(v.toLowerCase());
        }
        throw Errors.validation("1 validation error detected: Value '" + v + "' at '" + member(name)
                + "' failed to satisfy constraint: Member must be true or false");
    }

    /** {@code Name.member.N} values in N order; empty when absent. */
    List<String> strings(String name) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        String p = prefix + name + ".member.";
        for (Map.Entry<String, String> e : map.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                if (rest.indexOf('.') < 0) {
                    Integer idx = index(rest);
                    if (idx != null) {
                        byIndex.put(idx, e.getValue());
                    }
                }
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /** {@code Name.member.N.*} structures in N order. */
    List<Params> structs(String name) {
        TreeMap<Integer, Params> byIndex = new TreeMap<>();
        String p = prefix + name + ".member.";
        for (String k : map.keySet()) {
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    Integer idx = index(rest.substring(0, dot));
                    if (idx != null) {
                        byIndex.computeIfAbsent(idx, i -> new Params(map, p + i + "."));
                    }
                }
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    Params struct(String name) {
        return new Params(map, prefix + name + ".");
    }

    /** The member name as AWS's validation messages print it ({@code healthCheckIntervalSeconds}). */
    String member(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : (prefix + name).split("\\.")) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(part.isEmpty() ? part : Character.toLowerCase(part.charAt(0)) + part.substring(1));
        }
        return sb.toString();
    }

    private static Integer index(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
