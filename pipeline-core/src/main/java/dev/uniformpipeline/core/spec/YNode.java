package dev.uniformpipeline.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The document tree the loader works on: YAML maps, lists and scalars, each remembering its origin. */
sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {
    Origin origin();

    /** What a node is, in words, for "expected X, got Y" messages. */
    String describe();

    /** A map entry: the key's origin and the value. */
    record YEntry(Origin keyOrigin, YNode value) {
    }

    /** A mapping; keeps key order. */
    record YMap(Map<String, YEntry> entries, Origin origin) implements YNode {
        public YMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            Objects.requireNonNull(origin);
        }

        YNode get(String key) {
            YEntry e = entries.get(key);
            return e == null ? null : e.value();
        }

        YMap with(String key, YEntry entry) {
            Map<String, YEntry> m = new LinkedHashMap<>(entries);
            m.put(key, entry);
            return new YMap(m, origin);
        }

        YMap without(String key) {
            Map<String, YEntry> m = new LinkedHashMap<>(entries);
            m.remove(key);
            return new YMap(m, origin);
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A sequence. */
    record YSeq(List<YNode> items, Origin origin) implements YNode {
        public YSeq {
            items = Collections.unmodifiableList(new ArrayList<>(items));
            Objects.requireNonNull(origin);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** The implicit type of a scalar. */
    enum Kind {
        STR, INT, FLOAT, BOOL, NULL
    }

    /**
     * A scalar.
     *
     * @param text  the text as written (without quotes)
     * @param kind  the implicit YAML type
     * @param plain true when written without quotes
     */
    record YScalar(String text, Kind kind, boolean plain, Origin origin) implements YNode {
        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "nothing (null)";
                case BOOL -> "a boolean '" + text + "'";
                case INT, FLOAT -> "a number '" + text + "'";
                case STR -> "'" + text + "'";
            };
        }
    }
}
