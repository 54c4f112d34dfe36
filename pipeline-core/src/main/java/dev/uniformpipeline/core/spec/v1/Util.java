package dev.uniformpipeline.core.spec.v1;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

final class Util {
    private Util() {
    }

    /** An unmodifiable copy that keeps the file's key order. */
    static <K, V> Map<K, V> copy(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
