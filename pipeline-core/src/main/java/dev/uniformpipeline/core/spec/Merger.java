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
import java.util.Set;

/**
 * Deep merge used by {@code extends}, profiles and per-target service overrides:
 * <ul>
 *   <li>maps merge recursively; a key set to {@code null} in the overlay removes the key;</li>
 *   <li>scalars: the overlay wins;</li>
 *   <li>lists replace, except lists of named objects ({@value #NAMED_DOC}) which merge item by item by
 *       {@code name}: same name merges, new names are appended in overlay order;</li>
 *   <li>a different shape (map over list, ...) replaces.</li>
 * </ul>
 * Every node keeps its origin, so errors point at the template line or the {@code --set} that supplied it.
 */
final class Merger {
    static final String NAMED_DOC = "targets, sidecars, volumes, layers, capacityProviders";
    static final Set<String> NAMED_LISTS = Set.of("targets", "sidecars", "volumes", "layers", "capacityProviders");

    private Merger() {
    }

    static YNode merge(YNode base, YNode overlay, String key) {
        if (base == null) {
            return stripNulls(overlay);
        }
        if (overlay == null) {
            return base;
        }
        if (base instanceof YMap b && overlay instanceof YMap o) {
            Map<String, YEntry> out = new LinkedHashMap<>(b.entries());
            for (Map.Entry<String, YEntry> e : o.entries().entrySet()) {
                YNode v = e.getValue().value();
                if (v instanceof YScalar s && s.kind() == Kind.NULL) {
                    out.remove(e.getKey());
                    continue;
                }
                YEntry existing = out.get(e.getKey());
                YNode merged = merge(existing == null ? null : existing.value(), v, e.getKey());
                out.put(e.getKey(), new YEntry(e.getValue().keyOrigin(), merged));
            }
            return new YMap(out, o.origin());
        }
        if (base instanceof YSeq b && overlay instanceof YSeq o && NAMED_LISTS.contains(key)
                && allNamed(b) && allNamed(o)) {
            List<YNode> out = new ArrayList<>(b.items());
            for (YNode item : o.items()) {
                String name = nameOf(item);
                int at = -1;
                for (int i = 0; i < out.size(); i++) {
                    if (name.equals(nameOf(out.get(i)))) {
                        at = i;
                        break;
                    }
                }
                if (at >= 0) {
                    out.set(at, merge(out.get(at), item, null));
                } else {
                    out.add(stripNulls(item));
                }
            }
            return new YSeq(out, o.origin());
        }
        return stripNulls(overlay);
    }

    private static YNode stripNulls(YNode n) {
        if (n instanceof YMap m) {
            Map<String, YEntry> out = new LinkedHashMap<>();
            for (Map.Entry<String, YEntry> e : m.entries().entrySet()) {
                YNode v = e.getValue().value();
                if (v instanceof YScalar s && s.kind() == Kind.NULL) {
                    continue;
                }
                out.put(e.getKey(), new YEntry(e.getValue().keyOrigin(), stripNulls(v)));
            }
            return new YMap(out, m.origin());
        }
        return n;
    }

    private static boolean allNamed(YSeq seq) {
        for (YNode n : seq.items()) {
            if (nameOf(n) == null) {
                return false;
            }
        }
        return true;
    }

    static String nameOf(YNode n) {
        if (n instanceof YMap m && m.get("name") instanceof YScalar s && s.kind() != Kind.NULL) {
            return s.text();
        }
        return null;
    }
}
