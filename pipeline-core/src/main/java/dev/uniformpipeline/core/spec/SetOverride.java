package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.YNode.Kind;
import dev.uniformpipeline.core.spec.YNode.YEntry;
import dev.uniformpipeline.core.spec.YNode.YMap;
import dev.uniformpipeline.core.spec.YNode.YScalar;
import dev.uniformpipeline.core.spec.YNode.YSeq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --set key.path=value} override. The path uses dots for map keys and brackets for list items,
 * by index ({@code targets[0]}) or by name ({@code targets[prod].service.replicas}). The value is read as a
 * YAML value when it starts with {@code [} or {@code {} ({@code [a, b]}, {@code {k: v}}), otherwise literally,
 * typed like an unquoted YAML scalar ({@code 3}, {@code true}, {@code a: b}); an empty value removes the key.
 */
final class SetOverride {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_$-]+)((?:\\[[^\\]]+\\])*)");

    private SetOverride() {
    }

    static YNode apply(YNode root, String expression, ProblemSink sink, LoadLimits limits) {
        Origin origin = Origin.set(expression);
        int eq = expression.indexOf('=');
        if (eq <= 0) {
            sink.add(origin, "", "'" + expression + "' is not key.path=value", "write e.g. --set service.replicas=3");
            return root;
        }
        String key = expression.substring(0, eq).trim();
        String valueText = expression.substring(eq + 1);
        YNode value;
        String trimmed = valueText.trim();
        if (valueText.isEmpty()) {
            value = new YScalar("", Kind.NULL, true, origin);
        } else if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            ProblemSink scratch = new ProblemSink();
            YNode parsed = new YamlReader(limits, scratch).readString(valueText, "--set");
            if (!scratch.isEmpty() || parsed == null) {
                sink.add(origin, key, "'" + valueText + "' is not a valid YAML list or map",
                        "write e.g. [a, b] or {k: v}, or quote the whole expression in the shell");
                return root;
            }
            value = reorigin(parsed, origin);
        } else {
            // a plain value is taken literally (no YAML comments, no "k: v" maps), typed like an unquoted scalar
            Kind kind = YamlReader.implicitKind(valueText);
            value = new YScalar(valueText, kind == Kind.NULL ? Kind.STR : kind, true, origin);
        }
        List<Object> steps = new ArrayList<>();
        for (String part : key.split("\\.")) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                sink.add(origin, key, "'" + part + "' is not a valid path segment",
                        "write keys separated by dots, list items as [0] or [name]");
                return root;
            }
            steps.add(m.group(1));
            String idx = m.group(2);
            Matcher b = Pattern.compile("\\[([^\\]]+)\\]").matcher(idx);
            while (b.find()) {
                String sel = b.group(1);
                steps.add(sel.matches("[0-9]+") ? (Object) Integer.valueOf(sel) : new Named(sel));
            }
        }
        return set(root, steps, 0, value, origin, key, sink, "");
    }

    private record Named(String name) {
    }

    private static YNode set(YNode node, List<Object> steps, int i, YNode value, Origin origin, String key,
            ProblemSink sink, String done) {
        if (i == steps.size()) {
            return value;
        }
        Object step = steps.get(i);
        if (step instanceof String k) {
            YMap map = node instanceof YMap m ? m : new YMap(Map.of(), origin);
            if (node != null && !(node instanceof YMap)) {
                sink.add(origin, done, "--set cannot go into '" + done + "': it is " + node.describe()
                        + ", not a map", "");
                return node;
            }
            YNode child = map.get(k);
            String p = Binder.join(done, k);
            YNode replaced = set(child, steps, i + 1, value, origin, key, sink, p);
            if (replaced instanceof YScalar s && s.kind() == Kind.NULL && i + 1 == steps.size()) {
                return map.without(k);
            }
            return map.with(k, new YEntry(origin, replaced));
        }
        if (!(node instanceof YSeq seq)) {
            sink.add(origin, done, "--set cannot select a list item in '" + done + "': it is "
                    + (node == null ? "not written" : node.describe()), "");
            return node;
        }
        int index = -1;
        String label;
        if (step instanceof Integer n) {
            index = n;
            label = "[" + n + "]";
        } else {
            String name = ((Named) step).name();
            label = "[" + name + "]";
            List<String> names = new ArrayList<>();
            for (int j = 0; j < seq.items().size(); j++) {
                String nm = Merger.nameOf(seq.items().get(j));
                if (nm != null) {
                    names.add(nm);
                }
                if (name.equals(nm)) {
                    index = j;
                }
            }
            if (index < 0) {
                sink.add(origin, done, "no item named '" + name + "' in '" + done + "'",
                        names.isEmpty() ? "" : Suggest.nearest(name, names) != null
                                ? "did you mean '" + Suggest.nearest(name, names) + "'?"
                                : "names are: " + String.join(", ", names));
                return node;
            }
        }
        if (index >= seq.items().size()) {
            sink.add(origin, done, "'" + done + "' has " + seq.items().size() + " items; " + label + " does not exist",
                    "list indexes start at 0");
            return node;
        }
        List<YNode> items = new ArrayList<>(seq.items());
        items.set(index, set(items.get(index), steps, i + 1, value, origin, key, sink, done + label));
        return new YSeq(items, seq.origin());
    }

    private static YNode reorigin(YNode n, Origin o) {
        if (n instanceof YMap m) {
            java.util.LinkedHashMap<String, YEntry> out = new java.util.LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, new YEntry(o, reorigin(e.value(), o))));
            return new YMap(out, o);
        }
        if (n instanceof YSeq s) {
            List<YNode> out = new ArrayList<>();
            s.items().forEach(x -> out.add(reorigin(x, o)));
            return new YSeq(out, o);
        }
        YScalar s = (YScalar) n;
        return new YScalar(s.text(), s.kind(), s.plain(), o);
    }
}
