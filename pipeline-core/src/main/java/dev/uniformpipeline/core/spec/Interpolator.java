package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.YNode.Kind;
import dev.uniformpipeline.core.spec.YNode.YEntry;
import dev.uniformpipeline.core.spec.YNode.YMap;
import dev.uniformpipeline.core.spec.YNode.YScalar;
import dev.uniformpipeline.core.spec.YNode.YSeq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Variable substitution in scalar values. {@code ${env.NAME}} and {@code ${env.NAME:-default}} are
 * replaced when the file is loaded; {@code ${git.*}} after the checkout; {@code ${target.*}} per target.
 * {@code $${} writes a literal {@code ${}. Unknown names are errors with "did you mean".
 */
final class Interpolator {
    static final List<String> GIT = List.of("git.sha", "git.shortSha", "git.branch", "git.branchSlug", "git.tag",
            "git.semver", "git.semverMajor", "git.semverMinor", "git.author", "git.commitTime", "git.date",
            "git.timestamp");
    static final List<String> TARGET = List.of("target.name", "target.type", "target.region", "target.account",
            "target.cluster", "target.namespace");
    static final List<String> ALL;

    static {
        List<String> all = new ArrayList<>(GIT);
        all.addAll(TARGET);
        all.add("env.NAME");
        ALL = List.copyOf(all);
    }

    /** What a phase does with one variable. */
    interface Phase {
        /**
         * The replacement text, or null to keep the variable as written (a later phase handles it).
         *
         * @throws VariableException when the variable is wrong
         */
        String replace(String name, String path);
    }

    /** A problem with one variable. */
    static final class VariableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String hint;

        VariableException(String message, String hint) {
            super(message);
            this.hint = hint;
        }
    }

    private final ProblemSink sink;

    Interpolator(ProblemSink sink) {
        this.sink = sink;
    }

    /** Applies a phase to every scalar of the tree (map keys are not substituted). */
    YNode apply(YNode node, String path, Phase phase) {
        if (node instanceof YMap m) {
            Map<String, YEntry> out = new LinkedHashMap<>();
            for (Map.Entry<String, YEntry> e : m.entries().entrySet()) {
                String p = Binder.join(path, e.getKey());
                out.put(e.getKey(), new YEntry(e.getValue().keyOrigin(), apply(e.getValue().value(), p, phase)));
            }
            return new YMap(out, m.origin());
        }
        if (node instanceof YSeq s) {
            List<YNode> out = new ArrayList<>();
            for (int i = 0; i < s.items().size(); i++) {
                out.add(apply(s.items().get(i), path + "[" + i + "]", phase));
            }
            return new YSeq(out, s.origin());
        }
        YScalar s = (YScalar) node;
        if (s.kind() != Kind.STR || !s.text().contains("${")) {
            return s;
        }
        String text = substitute(s, path, phase);
        if (text.equals(s.text())) {
            return s;
        }
        Kind kind = s.plain() ? YamlReader.implicitKind(text) : Kind.STR;
        return new YScalar(text, kind == Kind.NULL ? Kind.STR : kind, s.plain(), s.origin());
    }

    private String substitute(YScalar s, String path, Phase phase) {
        String t = s.text();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < t.length()) {
            int at = t.indexOf("${", i);
            if (at < 0) {
                out.append(t, i, t.length());
                break;
            }
            if (at > 0 && t.charAt(at - 1) == '$') {
                out.append(t, i, at + 2);
                i = at + 2;
                continue;
            }
            int end = t.indexOf('}', at);
            if (end < 0) {
                sink.add(s.origin(), path, "'${' without a closing '}' in '" + t + "'",
                        "close the variable, or write $${ for a literal ${");
                return t;
            }
            out.append(t, i, at);
            String name = t.substring(at + 2, end).trim();
            try {
                String r = phase.replace(name, path);
                out.append(r != null ? r : t.substring(at, end + 1));
            } catch (VariableException e) {
                sink.add(s.origin(), path, e.getMessage(), e.hint);
                out.append(t, at, end + 1);
            }
            i = end + 1;
        }
        return out.toString();
    }


    /** Load phase: substitutes env variables, checks the other names, keeps git/target for later. */
    static Phase loadPhase(Map<String, String> env) {
        return (name, path) -> {
            if (name.startsWith("env.")) {
                String rest = name.substring(4);
                String def = null;
                int d = rest.indexOf(":-");
                if (d >= 0) {
                    def = rest.substring(d + 2);
                    rest = rest.substring(0, d);
                }
                if (!rest.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new VariableException("'" + rest + "' is not an environment variable name",
                            "write ${env.NAME} or ${env.NAME:-default}");
                }
                String v = env.get(rest);
                if (v != null) {
                    return v;
                }
                if (def != null) {
                    return def;
                }
                String near = Suggest.nearest(rest, env.keySet());
                throw new VariableException("environment variable '" + rest + "' is not set",
                        near != null ? "did you mean '${env." + near + "}'? or set " + rest
                                : "set " + rest + ", or give a default: ${env." + rest + ":-value}");
            }
            if (GIT.contains(gitName(name))) {
                return null;
            }
            if (TARGET.contains(name)) {
                if (!(path.startsWith("service") || path.startsWith("targets"))) {
                    throw new VariableException("'${" + name + "}' is only available inside 'service' and"
                            + " 'targets' (it differs per target)", "move it, or use ${git.*} / ${env.*} here");
                }
                return null;
            }
            throw unknown(name);
        };
    }

    static VariableException unknown(String name) {
        String near = Suggest.nearest(name, ALL);
        if (near == null && name.contains(".")) {
            String ns = name.substring(0, name.indexOf('.'));
            String nearNs = Suggest.nearest(ns, List.of("git", "env", "target"));
            if (nearNs != null && !nearNs.equals(ns)) {
                near = nearNs + name.substring(name.indexOf('.'));
            }
        }
        return new VariableException("unknown variable '${" + name + "}'",
                near != null ? "did you mean '${" + near + "}'?"
                        : "variables are ${git.sha|shortSha|branch|branchSlug|tag|semver|semverMajor|semverMinor|author"
                        + "|commitTime|date|timestamp}, ${env.NAME}, ${target.name|type|region|account|cluster|namespace}");
    }

    /**
     * Resolve phase: git variables. A variable with no value (no branch, no tag, a tag that is not a semantic
     * version, an unknown commit time) is an error unless it has a default: {@code ${git.semver:-0.0.0}}.
     */
    static Phase gitPhase(GitInfo git) {
        return (name, path) -> {
            if (!name.startsWith("git.")) {
                return null;
            }
            String base = gitName(name);
            String def = base.length() < name.length() ? name.substring(base.length() + 2) : null;
            return switch (base) {
                case "git.sha" -> git.sha();
                case "git.shortSha" -> git.shortSha();
                case "git.branch" -> orDefault(git.branch(), def, base, "HEAD is detached (no branch)");
                case "git.branchSlug" -> orDefault(git.branchSlug().orElse(null), def, base,
                        git.branch() == null ? "HEAD is detached (no branch)"
                                : "branch '" + git.branch() + "' has no letter or digit to keep");
                case "git.tag" -> orDefault(git.tag(), def, base, "no tag points at the checked-out commit");
                case "git.semver", "git.semverMajor", "git.semverMinor" -> semver(git, base, def);
                case "git.author" -> orDefault(git.author(), def, base, "the commit's author is not known here");
                case "git.commitTime" -> orDefault(git.commitTimeIso().orElse(null), def, base, NO_TIME);
                case "git.date" -> orDefault(git.date().orElse(null), def, base, NO_TIME);
                case "git.timestamp" -> orDefault(git.timestamp().orElse(null), def, base, NO_TIME);
                default -> throw unknown(name);
            };
        };
    }

    private static final String NO_TIME = "the commit time is not known before the checkout";

    private static String semver(GitInfo git, String base, String def) {
        if (git.tag() == null) {
            return orDefault(null, def, base, "no tag points at the checked-out commit");
        }
        SemVer v = git.semver().orElse(null);
        if (v == null) {
            if (def != null) {
                return def;
            }
            throw new VariableException("'${" + base + "}' has no value: tag '" + git.tag()
                    + "' on the checked-out commit is not a semantic version",
                    "tag the release like v1.2.3 or 1.2.3-rc.1, or give a default: ${" + base + ":-0.0.0}");
        }
        return switch (base) {
            case "git.semverMajor" -> v.majorTag();
            case "git.semverMinor" -> v.minorTag();
            default -> v.tag();
        };
    }

    /** {@code git.tag:-dev} -> {@code git.tag}. */
    static String gitName(String name) {
        int d = name.indexOf(":-");
        return d < 0 ? name : name.substring(0, d);
    }

    private static String orDefault(String value, String def, String name, String why) {
        if (value != null && !value.isEmpty()) {
            return value;
        }
        if (def != null) {
            return def;
        }
        throw new VariableException("'${" + name + "}' has no value: " + why,
                "use ${git.sha} or ${git.shortSha}, which always exist, or give a default: ${" + name + ":-dev}");
    }

    /** Resolve phase: one target's variables. */
    static Phase targetPhase(Function<String, String> values) {
        return (name, path) -> {
            if (!name.startsWith("target.")) {
                return null;
            }
            if (!TARGET.contains(name)) {
                throw unknown(name);
            }
            String v = values.apply(name.substring(7));
            if (v == null) {
                throw new VariableException("'${" + name + "}' has no value for this target",
                        "set " + name.substring(7) + " on the target");
            }
            return v;
        };
    }

    /** Final unescape of {@code $${} to {@code ${}. */
    YNode unescape(YNode node) {
        if (node instanceof YMap m) {
            Map<String, YEntry> out = new LinkedHashMap<>();
            for (Map.Entry<String, YEntry> e : m.entries().entrySet()) {
                out.put(e.getKey(), new YEntry(e.getValue().keyOrigin(), unescape(e.getValue().value())));
            }
            return new YMap(out, m.origin());
        }
        if (node instanceof YSeq s) {
            List<YNode> out = new ArrayList<>();
            for (YNode n : s.items()) {
                out.add(unescape(n));
            }
            return new YSeq(out, s.origin());
        }
        YScalar s = (YScalar) node;
        if (s.kind() == Kind.STR && s.text().contains("$${")) {
            return new YScalar(s.text().replace("$${", "${"), Kind.STR, s.plain(), s.origin());
        }
        return s;
    }
}
